package io.sessionkeeper.app.cli;

import io.sessionkeeper.adapter.persistence.secrets.SecretKeyException;
import io.sessionkeeper.app.config.ConfigException;
import io.sessionkeeper.app.runtime.StartupException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code serve} (the default), {@code migrate}, {@code cleanup}, {@code rotate-key},
 * {@code version}.
 */
@Command(
        name = "session-app",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "SessionKeeper: RADIUS accounting sessions for ISPs. Without a command it serves.",
        subcommands = {
            ServeCommand.class,
            MigrateCommand.class,
            CleanupCommand.class,
            RotateKeyCommand.class,
            VersionCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SessionKeeperCommand implements Runnable {
    static final int CONFIG_ERROR = 2;
    /** Like a configuration error, something the operator must fix: a port already in use, say. */
    static final int STARTUP_ERROR = 2;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new SessionKeeperCommand());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // one line and exit 2, no stack trace: the operator has a setting (or the key file) to fix
            if (e instanceof ConfigException || e instanceof SecretKeyException) {
                cmd.getErr().println("configuration error: " + e.getMessage());
                return CONFIG_ERROR;
            }
            if (e instanceof StartupException) {
                cmd.getErr().println("error: " + e.getMessage());
                return STARTUP_ERROR;
            }
            throw e;
        });
        return commandLine;
    }
}
