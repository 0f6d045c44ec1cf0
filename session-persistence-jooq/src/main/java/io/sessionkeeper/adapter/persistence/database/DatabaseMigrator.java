package io.sessionkeeper.adapter.persistence.database;

import io.sessionkeeper.adapter.persistence.secrets.EncryptNasSecretsMigration;
import io.sessionkeeper.adapter.persistence.secrets.SecretCipher;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Brings the schema up to date with the Flyway scripts in {@code db/migration} of this module, and the two Java
 * migrations between them: the one that needs the instance's key ({@link EncryptNasSecretsMigration}, version 5.1),
 * and the one that builds indexes on each month of the history ({@link HistorySearchIndexesMigration}, version 32).
 */
public final class DatabaseMigrator {
    public static final String LOCATION = "classpath:db/migration";

    private DatabaseMigrator() {}

    /**
     * Applies the pending migrations; safe to call from several instances at once (Flyway locks its history
     * table).
     *
     * @param cipher encrypts the NAS secrets of a database migrated from before version 5
     * @return how many migrations were applied now
     */
    public static int migrate(DataSource dataSource, SecretCipher cipher) {
        MigrateResult result = flyway(
                        dataSource, new EncryptNasSecretsMigration(cipher), new HistorySearchIndexesMigration())
                .migrate();
        return result.migrationsExecuted;
    }

    /** The schema version now in the database, or null when none was applied. */
    public static String currentVersion(DataSource dataSource) {
        var current = flyway(dataSource).info().current();
        return current == null ? null : current.getVersion().getVersion();
    }

    private static Flyway flyway(DataSource dataSource, JavaMigration... javaMigrations) {
        FluentConfiguration configuration = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .javaMigrations(javaMigrations)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true);
        // Flyway's lock as a session-level advisory lock, not one held by an open transaction: an index built or
        // dropped CONCURRENTLY (outside a transaction, executeInTransaction=false) waits for older open
        // transactions, Flyway's own lock transaction included, and would wait forever.
        configuration
                .getPluginRegister()
                .getPlugin(PostgreSQLConfigurationExtension.class)
                .setTransactionalLock(false);
        return configuration.load();
    }
}
