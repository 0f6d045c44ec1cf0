package io.sessionkeeper.app.cli;

import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.app.config.AppConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Applies pending schema migrations and exits. */
@Command(name = "migrate", mixinStandardHelpOptions = true, description = "apply database migrations and exit")
final class MigrateCommand implements Runnable {
    @Mixin
    ConfigOption config;

    @Override
    public void run() {
        AppConfig appConfig = config.load();
        try (PostgresPersistence persistence =
                PostgresPersistence.open(appConfig.database(), appConfig.secretKeys(), false)) {
            int applied = persistence.migrate();
            System.out.println("applied " + applied + " migration(s); schema version " + persistence.schemaVersion());
        }
    }
}
