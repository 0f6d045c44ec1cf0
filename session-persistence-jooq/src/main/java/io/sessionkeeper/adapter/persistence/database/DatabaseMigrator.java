package io.sessionkeeper.adapter.persistence.database;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings the schema up to date with the Flyway scripts in {@code db/migration} of this module. */
public final class DatabaseMigrator {
    public static final String LOCATION = "classpath:db/migration";

    private DatabaseMigrator() {}

    /**
     * Applies the pending migrations; safe to call from several instances at once (Flyway locks its history
     * table).
     *
     * @return how many migrations were applied now
     */
    public static int migrate(DataSource dataSource) {
        MigrateResult result = flyway(dataSource).migrate();
        return result.migrationsExecuted;
    }

    /** The schema version now in the database, or null when none was applied. */
    public static String currentVersion(DataSource dataSource) {
        var current = flyway(dataSource).info().current();
        return current == null ? null : current.getVersion().getVersion();
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .load();
    }
}
