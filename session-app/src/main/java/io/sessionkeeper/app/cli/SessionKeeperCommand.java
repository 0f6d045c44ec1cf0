package io.sessionkeeper.app.cli;

import io.sessionkeeper.adapter.persistence.secrets.SecretKeyException;
import io.sessionkeeper.app.config.ConfigException;
import io.sessionkeeper.app.runtime.StartupException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParseResult;

/**
 * The command line: {@code serve} (the default), {@code migrate}, {@code cleanup}, {@code archive}, {@code rotate-key},
 * {@code version}. {@code --config FILE} may come before the command as well as after it.
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
            ArchiveCommand.class,
            RotateKeyCommand.class,
            VersionCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SessionKeeperCommand implements Runnable {
    static final int CONFIG_ERROR = 2;
    /** Like a configuration error, something the operator must fix: a port already in use, say. */
    static final int STARTUP_ERROR = 2;

    @Mixin
    ConfigOption config;

    /** No command: serve, with the {@code --config} given here ({@code session-app --config FILE}). */
    @Override
    public void run() {
        ServeCommand.serve(config.load());
    }

    /**
     * Whether the executed command line served (no command, or {@code serve}) rather than asked for help or ran a
     * command that ends: a serving process ends through its shutdown hook, the others with their exit code.
     */
    public static boolean served(CommandLine commandLine) {
        ParseResult parsed = commandLine.getParseResult();
        if (parsed == null || parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
            return false;
        }
        ParseResult command = parsed.subcommand();
        return command == null
                || ("serve".equals(command.commandSpec().name())
                        && !command.isUsageHelpRequested()
                        && !command.isVersionHelpRequested());
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
