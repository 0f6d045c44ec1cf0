package io.sessionkeeper.app.cli;

import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Applies pending schema migrations and exits. */
@Command(name = "migrate", mixinStandardHelpOptions = true, description = "apply database migrations and exit")
final class MigrateCommand implements Runnable {
    @Mixin
    ConfigOption config;

    @Override
    public void run() {
        try (PostgresPersistence persistence =
                PostgresPersistence.open(config.load().database(), false)) {
            int applied = persistence.migrate();
            System.out.println("applied " + applied + " migration(s); schema version " + persistence.schemaVersion());
        }
    }
}
