package io.sessionkeeper.adapter.persistence.database;

import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import java.io.PrintStream;

/**
 * {@code migrate}: applies the schema migrations to the configured database (see
 * {@link DatabaseConfig#fromEnvironment}) and exits; the service also migrates at start-up.
 */
public final class MigrateCommand {
    private MigrateCommand() {}

    public static void main(String[] args) {
        System.exit(run(DatabaseConfig.fromEnvironment(System.getenv()), System.out));
    }

    /** Returns the process exit code. */
    public static int run(DatabaseConfig config, PrintStream out) {
        try (PostgresPersistence persistence = PostgresPersistence.open(config, false)) {
            int applied = persistence.migrate();
            out.println("Applied " + applied + " migration(s); schema version "
                    + DatabaseMigrator.currentVersion(persistence.dataSource()));
            return 0;
        }
    }
}
