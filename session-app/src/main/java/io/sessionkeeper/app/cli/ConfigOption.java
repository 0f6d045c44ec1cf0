package io.sessionkeeper.app.cli;

import io.sessionkeeper.app.config.AppConfig;
import io.sessionkeeper.app.config.Settings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by the commands that need the configuration. */
final class ConfigOption {
    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "file of NAME=value settings (environment variables win); also SESSION_CONFIG_FILE")
    Path file;

    AppConfig load() {
        return AppConfig.from(Settings.load(System.getenv(), file));
    }
}
