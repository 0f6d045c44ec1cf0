package io.sessionkeeper.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.sessionkeeper.adapter.persistence.database.DatabaseMigrator;
import io.sessionkeeper.adapter.persistence.secrets.KeySource;
import io.sessionkeeper.adapter.persistence.secrets.Keyring;
import io.sessionkeeper.adapter.persistence.secrets.SecretCipher;
import io.sessionkeeper.adapter.persistence.secrets.SecretKeyException;
import io.sessionkeeper.adapter.persistence.secrets.SecretRotation;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.NasDirectory;
import io.sessionkeeper.domain.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NAS secrets at rest: encrypted by the migration from the old schema, bound to their rows, readable only with the
 * right keys, re-encrypted by a rotation while instances run. Each test on a schema of its own, so that its keys
 * do not meet the shared test keyring.
 */
class SecretsAtRestTest {
    private static final String KEY_A = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String KEY_B = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";
    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId GLOBEX = TenantId.of("globex");

    private final TestDatabase database = TestDatabase.get();

    private static KeySource keys(String keyring) {
        return new KeySource.Given(Keyring.parse(keyring), "SESSION_SECRET_KEY");
    }

    @Test
    void plaintextSecretsOfTheOldSchemaAreEncryptedByTheMigrationAndReadBackThroughTheDirectory() throws Exception {
        try (TestDatabase.Schema schema = database.freshSchema();
                HikariDataSource pool = schema.pool()) {
            UUID first = UUID.randomUUID();
            UUID second = UUID.randomUUID();
            migrateToVersion3WithPlaintextNas(pool, Map.of(first, "legacy-secret-one", second, "legacy-secret-two"));

            try (PostgresPersistence persistence = PostgresPersistence.open(schema.asExternal(), keys("k1:" + KEY_A))) {
                assertThat(persistence.nasDirectory().findAll())
                        .extracting(nas -> nas.id().value(), Nas::secret)
                        .containsExactlyInAnyOrder(
                                org.assertj.core.groups.Tuple.tuple(first, "legacy-secret-one"),
                                org.assertj.core.groups.Tuple.tuple(second, "legacy-secret-two"));
            }

            assertThat(columnsOfNas(pool)).contains("secret_encrypted").doesNotContain("secret");
            List<byte[]> stored = query(pool, "SELECT secret_encrypted FROM nas", rs -> rs.getBytes(1));
            assertThat(stored).hasSize(2).allSatisfy(value -> {
                assertThat(SecretCipher.keyIdOf(value)).contains("k1");
                assertThat(new String(value, StandardCharsets.ISO_8859_1)).doesNotContain("legacy-secret");
            });
            assertThat(query(pool, "SELECT key_id FROM secret_keys", rs -> rs.getString(1)))
                    .containsExactly("k1");
        }
    }

    @Test
    void noPlaintextSecretIsLeftInTheTableFilesAfterTheMigration() throws Exception {
        try (TestDatabase.Schema schema = database.freshSchema();
                HikariDataSource pool = schema.pool()) {
            migrateToVersion3WithPlaintextNas(pool, Map.of(UUID.randomUUID(), "legacy-secret-in-file"));
            Path file = tableFile(pool, "nas");
            assertThat(contains(file, "legacy-secret-in-file"))
                    .as("the test sees the clear secret in the table file before")
                    .isTrue();

            DatabaseMigrator.migrate(pool, new SecretCipher(Keyring.parse(KEY_A)));

            Path rewritten = tableFile(pool, "nas");
            assertThat(contains(rewritten, "legacy-secret-in-file")).isFalse();
        }
    }

    @Test
    void aSecretCopiedToAnotherRowDoesNotDecryptThereAndThatNasIsLeftOut() {
        database.truncate();
        NasDirectory directory = new PostgresNasDirectory(database.dataSource(), TestDatabase.CIPHER);
        Nas a = Fixtures.nas(ACME, "A", "192.0.2.1");
        Nas b = Fixtures.nas(ACME, "B", "192.0.2.2");
        Nas c = Fixtures.nas(GLOBEX, "C", "192.0.2.3");
        List.of(a, b, c).forEach(directory::save);

        database.execute("UPDATE nas SET secret_encrypted = (SELECT secret_encrypted FROM nas WHERE id = '" + a.id()
                + "') WHERE id IN ('" + b.id() + "', '" + c.id() + "')");

        assertThat(directory.findAll()).containsExactly(a);
        assertThat(directory.findByTenant(ACME)).containsExactly(a);
        assertThat(directory.findById(ACME, b.id())).isEmpty();
        assertThat(directory.findById(GLOBEX, c.id())).isEmpty();
        assertThat(directory.delete(ACME, b.id()))
                .as("an unreadable NAS can still be deleted")
                .isTrue();
    }

    @Test
    void anInstanceWithAnotherKeyUnderAKnownIdRefusesToStart() {
        try (TestDatabase.Schema schema = database.freshSchema()) {
            try (PostgresPersistence first = PostgresPersistence.open(schema.asExternal(), keys("k1:" + KEY_A))) {
                first.nasDirectory().save(Fixtures.nas(ACME, "A", "192.0.2.1"));
            }

            assertThatThrownBy(() -> PostgresPersistence.open(schema.asExternal(), keys("k1:" + KEY_B)))
                    .isInstanceOf(SecretKeyException.class)
                    .hasMessage("SESSION_SECRET_KEY: key 'k1' is not the key this database knows under that id (its"
                            + " key-check value does not match); give every instance the same keys, and a new key a"
                            + " new id");
        }
    }

    @Test
    void anInstanceLackingAKeyUnderWhichSecretsAreStoredRefusesToStart() {
        try (TestDatabase.Schema schema = database.freshSchema()) {
            try (PostgresPersistence first = PostgresPersistence.open(schema.asExternal(), keys("k1:" + KEY_A))) {
                first.nasDirectory().save(Fixtures.nas(ACME, "A", "192.0.2.1"));
                first.nasDirectory().save(Fixtures.nas(ACME, "B", "192.0.2.2"));
            }

            assertThatThrownBy(() -> PostgresPersistence.open(schema.asExternal(), keys("k2:" + KEY_B)))
                    .isInstanceOf(SecretKeyException.class)
                    .hasMessage("SESSION_SECRET_KEY lacks key(s) k1, under which 2 stored secret(s) are encrypted:"
                            + " add them back after the primary key, and remove a key only once rotate-key has"
                            + " re-encrypted its values");
            try (PostgresPersistence both =
                    PostgresPersistence.open(schema.asExternal(), keys("k2:" + KEY_B + ",k1:" + KEY_A))) {
                assertThat(both.nasDirectory().findAll()).hasSize(2);
            }
        }
    }

    @Test
    void rotationReencryptsEverySecretUnderTheNewPrimaryWhileInstancesRun() {
        try (TestDatabase.Schema schema = database.freshSchema()) {
            List<Nas> registered = new ArrayList<>();
            try (PostgresPersistence old = PostgresPersistence.open(schema.asExternal(), keys("k1:" + KEY_A));
                    PostgresPersistence phase1 =
                            PostgresPersistence.open(schema.asExternal(), keys("k1:" + KEY_A + ",k2:" + KEY_B))) {
                for (int i = 1; i <= 7; i++) {
                    Nas nas = Fixtures.nas(i % 2 == 0 ? ACME : GLOBEX, "N" + i, "192.0.2." + i);
                    (i % 2 == 0 ? old : phase1).nasDirectory().save(nas);
                    registered.add(nas);
                }
                try (PostgresPersistence rotating =
                        PostgresPersistence.open(schema.asExternal(), keys("k2:" + KEY_B + ",k1:" + KEY_A))) {
                    SecretRotation.Result result = rotating.rotateSecrets(3);

                    assertThat(result.primaryKeyId()).isEqualTo("k2");
                    assertThat(result.reencrypted()).isEqualTo(7);
                    assertThat(result.unreadable()).isZero();
                    assertThat(result.after().valuesByKeyId()).isEqualTo(Map.of("k2", 7));
                    assertThat(result.complete()).isTrue();
                    assertThat(phase1.nasDirectory().findAll())
                            .as("an instance holding both keys reads everything throughout")
                            .containsExactlyInAnyOrderElementsOf(registered);
                    assertThat(rotating.rotateSecrets(3).reencrypted())
                            .as("nothing left")
                            .isZero();
                }
            }

            try (PostgresPersistence newOnly = PostgresPersistence.open(schema.asExternal(), keys("k2:" + KEY_B))) {
                assertThat(newOnly.nasDirectory().findAll()).containsExactlyInAnyOrderElementsOf(registered);
            }
            assertThatThrownBy(() -> PostgresPersistence.open(schema.asExternal(), keys("k1:" + KEY_A)))
                    .isInstanceOf(SecretKeyException.class)
                    .hasMessageContaining("lacks key(s) k2, under which 7 stored secret(s)");
        }
    }

    @Test
    void rotationLeavesUnreadableValuesAndSaysSo() {
        try (TestDatabase.Schema schema = database.freshSchema();
                HikariDataSource pool = schema.pool()) {
            try (PostgresPersistence first = PostgresPersistence.open(schema.asExternal(), keys("k1:" + KEY_A))) {
                first.nasDirectory().save(Fixtures.nas(ACME, "A", "192.0.2.1"));
            }
            execute(
                    pool,
                    "INSERT INTO nas (tenant_id, id, name, ip_address, secret_encrypted)"
                            + " VALUES ('acme', gen_random_uuid(), 'written by hand', '192.0.2.9', '\\x00')");

            try (PostgresPersistence rotating =
                    PostgresPersistence.open(schema.asExternal(), keys("k2:" + KEY_B + ",k1:" + KEY_A))) {
                SecretRotation.Result result = rotating.rotateSecrets(100);

                assertThat(result.reencrypted()).isEqualTo(1);
                assertThat(result.unreadable()).isEqualTo(1);
                assertThat(result.after().unreadable()).isEqualTo(1);
                assertThat(result.complete()).isFalse();
                assertThat(rotating.nasDirectory().findAll())
                        .extracting(Nas::name)
                        .containsExactly("A");
            }
        }
    }

    @Test
    void theEmbeddedKeyFileIsMadeOnceAndNotMadeAnewWhenLost(@TempDir Path dataDirectory) throws Exception {
        KeySource keyFile = KeySource.keyFileIn(dataDirectory);
        Nas nas = Fixtures.nas(ACME, "A", "192.0.2.1");
        try (TestDatabase.Schema schema = database.freshSchema()) {
            try (PostgresPersistence first = PostgresPersistence.open(schema.asExternal(), keyFile)) {
                first.nasDirectory().save(nas);
            }
            Path file = dataDirectory.resolve("secret.key");
            assertThat(file).exists();
            try (PostgresPersistence again = PostgresPersistence.open(schema.asExternal(), keyFile)) {
                assertThat(again.nasDirectory().findById(ACME, nas.id())).contains(nas);
            }

            Files.delete(file);
            assertThatThrownBy(() -> PostgresPersistence.open(schema.asExternal(), keyFile))
                    .isInstanceOf(SecretKeyException.class)
                    .hasMessageContaining(
                            "key file " + file + " is missing, but the database holds secrets under" + " key(s) k1");
            assertThat(file).doesNotExist();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** The schema as the releases before secrets encryption left it, with NAS whose secrets are in clear. */
    private static void migrateToVersion3WithPlaintextNas(DataSource pool, Map<UUID, String> secrets) {
        Flyway.configure()
                .dataSource(pool)
                .locations(DatabaseMigrator.LOCATION)
                .target("3")
                .load()
                .migrate();
        int i = 1;
        for (var entry : secrets.entrySet()) {
            execute(
                    pool,
                    "INSERT INTO nas (tenant_id, id, name, ip_address, secret, vendor) VALUES ('"
                            + (i % 2 == 0 ? "acme" : "globex") + "', '" + entry.getKey() + "', 'Legacy " + i
                            + "', '198.51.100."
                            + i + "', '" + entry.getValue() + "', 'MIKROTIK')");
            i++;
        }
    }

    private static List<String> columnsOfNas(DataSource pool) {
        return query(
                pool,
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                        + " AND table_name = 'nas'",
                rs -> rs.getString(1));
    }

    /** The file of a table's main fork after a checkpoint; the test is skipped where the files are out of reach. */
    private static Path tableFile(DataSource pool, String table) {
        try {
            execute(pool, "CHECKPOINT");
            String directory = query(pool, "SELECT current_setting('data_directory')", rs -> rs.getString(1))
                    .get(0);
            String relative = query(pool, "SELECT pg_relation_filepath('" + table + "')", rs -> rs.getString(1))
                    .get(0);
            Path file = Path.of(directory).resolve(relative);
            Assumptions.assumeTrue(Files.isReadable(file), "the database's files are not on this machine");
            return file;
        } catch (IllegalStateException e) {
            Assumptions.abort("needs CHECKPOINT and data_directory rights: " + e.getMessage());
            throw e;
        }
    }

    private static boolean contains(Path file, String text) throws java.io.IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> query(DataSource pool, String sql, Row<T> row) {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rs = statement.executeQuery()) {
            List<T> values = new ArrayList<>();
            while (rs.next()) {
                values.add(row.read(rs));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void execute(DataSource pool, String sql) {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
