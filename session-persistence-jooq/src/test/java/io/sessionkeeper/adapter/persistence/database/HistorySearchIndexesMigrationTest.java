package io.sessionkeeper.adapter.persistence.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.sessionkeeper.adapter.persistence.PostgresSessionRepository;
import io.sessionkeeper.adapter.persistence.TestDatabase;
import io.sessionkeeper.adapter.persistence.secrets.EncryptNasSecretsMigration;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.SessionFilter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * V32 on a populated history (three months and the default partition, 60,000 sessions) while searches run: the
 * covering index replaces the old one on every month, the searches go on with the same answers, and a month made
 * afterwards gets them with its table.
 */
class HistorySearchIndexesMigrationTest {
    private static final int PER_MONTH = 20_000;
    private static final List<String> PARENTS = HistorySearchIndexesMigration.INDEXES.stream()
            .map(HistorySearchIndexesMigration.SearchIndex::parent)
            .toList();

    private final TestDatabase database = TestDatabase.get();
    private final TestDatabase.Schema schema = database.freshSchema();
    private final HikariDataSource migrationPool = schema.pool();
    private final HikariDataSource readerPool = schema.pool();

    @AfterEach
    void close() {
        migrationPool.close();
        readerPool.close();
        schema.close();
    }

    @Test
    void theHistorysSearchIndexesAreReplacedOnEveryMonthWhileSearchesGoOn() throws Exception {
        migrateToV31();
        execute(
                month2025(1),
                month2025(2),
                month2025(3),
                // Jan-Mar 2025 into their months, then some of May 2025 (no month yet) into the default one
                INSERT.formatted(1, 3 * PER_MONTH, "2025-01-01Z", 3 * 30 * 86_400 / (3 * PER_MONTH)),
                INSERT.formatted(3 * PER_MONTH + 1, 3 * PER_MONTH + 500, "2025-05-01Z", 60),
                "VACUUM ANALYZE sessions_history");
        assertThat(indexesOf("sessions_history"))
                .containsAll(HistorySearchIndexesMigration.REPLACED)
                .doesNotContainAnyElementsOf(PARENTS);

        PostgresSessionRepository reader = new PostgresSessionRepository(readerPool);
        SessionFilter search = new SessionFilter(TenantId.of("acme"), SessionStatusFilter.ALL, null, null, "USER12");
        SessionFilter byId = new SessionFilter(TenantId.of("acme"), SessionStatusFilter.ALL, null, null, "H777");
        long expected = reader.count(search);
        assertThat(expected)
                .as("user12, user120..129, user1200..1299 of 5,000 users")
                .isGreaterThan(1000);
        AtomicBoolean migrating = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        List<Long> totals = new ArrayList<>();
        Thread searches = new Thread(() -> {
            try {
                while (migrating.get()) {
                    var found = reader.findCounted(search, 40, 20);
                    var one = reader.findCounted(byId, 0, 20);
                    synchronized (totals) {
                        totals.add(found.total());
                        totals.add(one.total() * expected);
                    }
                    assertThat(found.page()).hasSize(20);
                    reads.incrementAndGet();
                }
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        searches.start();
        int applied;
        try {
            applied = DatabaseMigrator.migrate(migrationPool, TestDatabase.CIPHER);
        } finally {
            Thread.sleep(200);
            migrating.set(false);
            searches.join(30_000);
        }

        assertThat(failed.get()).as("the searches during the migration").isNull();
        assertThat(applied).as("V32 and the migrations after it").isPositive();
        assertThat(v32Recorded()).as("V32 recorded as applied").isEqualTo("t");
        assertThat(reads.get()).as("searches answered meanwhile").isPositive();
        assertThat(totals)
                .as("every search's total, and the Acct-Session-Id's one session")
                .containsOnly(expected);
        assertThat(indexesOf("sessions_history"))
                .containsAll(PARENTS)
                .doesNotContainAnyElementsOf(HistorySearchIndexesMigration.REPLACED);
        for (String parent : PARENTS) {
            assertThat(single("SELECT indisvalid FROM pg_index WHERE indexrelid = '" + parent + "'::regclass"))
                    .as("%s valid: every month attached", parent)
                    .isEqualTo("t");
            assertThat(single("SELECT count(*) FROM pg_inherits WHERE inhparent = '" + parent + "'::regclass"))
                    .as("%s on the three months and the default partition", parent)
                    .isEqualTo("4");
        }

        execute(month2025(4));
        for (String parent : PARENTS) {
            assertThat(single("SELECT count(*) FROM pg_inherits WHERE inhparent = '" + parent + "'::regclass"))
                    .as("%s on a month made afterwards too", parent)
                    .isEqualTo("5");
        }
        assertThat(reader.findCounted(search, 0, 20).total()).isEqualTo(expected);
    }

    /**
     * A V32 that failed half way (here: a month's index name taken) is recorded as failed: the next start refuses
     * until that record is removed (docs/operations.md), then the migration resumes and completes.
     */
    @Test
    void aFailedRunIsRefusedUntilItsRecordIsRemovedThenResumes() throws Exception {
        migrateToV31();
        execute(
                month2025(1),
                month2025(2),
                INSERT.formatted(1, 2000, "2025-01-01Z", 1200),
                "CREATE TABLE sessions_history_p202502_username_search_idx (x int)");

        assertThatThrownBy(() -> DatabaseMigrator.migrate(migrationPool, TestDatabase.CIPHER))
                .as("the month whose index name is taken")
                .hasStackTraceContaining("sessions_history_p202502_username_search_idx");
        assertThat(single("SELECT count(*) FROM pg_inherits WHERE inhparent = '" + PARENTS.get(0) + "'::regclass"))
                .as("the parts built before the failure (in name order: the default one, January) stay attached")
                .isEqualTo("2");
        assertThatThrownBy(() -> DatabaseMigrator.migrate(migrationPool, TestDatabase.CIPHER))
                .as("a start after a failed run")
                .hasStackTraceContaining("failed migration");

        execute(
                "DROP TABLE sessions_history_p202502_username_search_idx",
                "DELETE FROM flyway_schema_history WHERE version = '32' AND NOT success");
        assertThat(DatabaseMigrator.migrate(migrationPool, TestDatabase.CIPHER)).isPositive();
        assertThat(v32Recorded())
                .as("V32 recorded as applied after the resumed run")
                .isEqualTo("t");
        assertThat(single("SELECT indisvalid FROM pg_index WHERE indexrelid = '" + PARENTS.get(0) + "'::regclass"))
                .isEqualTo("t");
        assertThat(indexesOf("sessions_history")).doesNotContainAnyElementsOf(HistorySearchIndexesMigration.REPLACED);
    }

    /** Whether Flyway's history holds V32 as applied successfully ("t"), once. */
    private String v32Recorded() throws Exception {
        return single("SELECT bool_and(success) AND count(*) = 1 FROM flyway_schema_history WHERE version = '32'");
    }

    private void migrateToV31() {
        FluentConfiguration upToV31 = Flyway.configure()
                .dataSource(migrationPool)
                .locations(DatabaseMigrator.LOCATION)
                .javaMigrations(
                        new EncryptNasSecretsMigration(TestDatabase.CIPHER), new HistorySearchIndexesMigration())
                .target("31");
        // as DatabaseMigrator: V27 builds indexes CONCURRENTLY, which would wait for Flyway's lock transaction
        upToV31.getPluginRegister()
                .getPlugin(PostgreSQLConfigurationExtension.class)
                .setTransactionalLock(false);
        upToV31.load().migrate();
    }

    /** Sessions i = from..to of 5,000 users, stopped one an interval of {@code step} seconds from {@code since}. */
    private static final String INSERT = """
            INSERT INTO sessions_history (tenant_id, id, nas_id, session_key, acct_session_id, username, framed_ip,
              connection_type, start_time, stop_time, last_update, download_octets, upload_octets, session_time)
            SELECT 'acme', gen_random_uuid(), '00000000-0000-4000-8000-000000000001'::uuid, gen_random_uuid(),
              'H' || i, 'User' || (i %% 5000), ('10.' || (i / 65536) %% 256 || '.' || (i / 256) %% 256 || '.'
              || i %% 256)::inet, 'PPPOE', stop - interval '1 hour', stop, stop, i, i, 3600
            FROM generate_series(%d, %d) AS i, LATERAL (SELECT '%s'::timestamptz + i * %d * interval '1 second') AS s(stop)
            """;

    /** The partition of a month of 2025, as the partition job makes it. */
    private static String month2025(int month) {
        return "CREATE TABLE sessions_history_p2025%02d PARTITION OF sessions_history FOR VALUES FROM ('2025-%02d-01Z')"
                        .formatted(month, month)
                + " TO ('2025-%02d-01Z')".formatted(month + 1);
    }

    private void execute(String... statements) throws SQLException {
        try (Connection connection = migrationPool.getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private List<String> indexesOf(String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = migrationPool.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT indexname FROM pg_indexes WHERE tablename = '" + table
                        + "' AND schemaname = current_schema()")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private String single(String sql) throws SQLException {
        try (Connection connection = migrationPool.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
