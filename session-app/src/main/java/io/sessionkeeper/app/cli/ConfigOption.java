package io.sessionkeeper.app.cli;

import io.sessionkeeper.app.config.AppConfig;
import io.sessionkeeper.app.config.Settings;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --config FILE}, shared by the commands that need the configuration. Taken before the command
 * ({@code session-app --config FILE migrate}) or after it ({@code session-app migrate --config FILE}): the top-level
 * command carries the option too, and a command without its own asks its parent.
 */
final class ConfigOption {
    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "file of NAME=value settings (environment variables win); also SESSION_CONFIG_FILE")
    Path file;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    AppConfig load() {
        Settings settings = Settings.load(System.getenv(), file());
        for (String warning : settings.warnings()) {
            mixee.commandLine().getErr().println("warning: " + warning);
        }
        mixee.commandLine().getErr().flush();
        return AppConfig.from(settings);
    }

    /** This command's {@code --config}, else the one given before the command; both, when they differ: an error. */
    private Path file() {
        CommandLine parent = mixee.commandLine().getParent();
        if (parent == null || !(parent.getCommand() instanceof SessionKeeperCommand root) || root.config.file == null) {
            return file;
        }
        if (file != null && !file.equals(root.config.file)) {
            throw new ParameterException(
                    mixee.commandLine(),
                    "--config given twice, before and after the command (" + root.config.file + ", " + file + ")");
        }
        return root.config.file;
    }
}
