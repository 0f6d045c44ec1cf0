package io.sessionkeeper.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.sessionkeeper.adapter.persistence.database.DatabaseMigrator;
import io.sessionkeeper.adapter.persistence.secrets.EncryptNasSecretsMigration;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every migration after V6 runs online: on a populated {@code sessions} table (200,000 rows, the schema as it was at
 * V6) while accounting writes go on, no accounting unit waits more than a second and the migrations complete.
 * A migration that takes a lock writers queue behind for its whole duration (a plain CREATE INDEX, an ADD COLUMN with
 * a volatile default that rewrites the table, a validated constraint) fails this on a large enough table; the
 * 10M-row figures are in docs/benchmarks.md.
 */
class OnlineMigrationTest {
    private static final int ROWS = 200_000;
    private static final Duration MAX_WAIT = Duration.ofSeconds(1);

    private final TestDatabase database = TestDatabase.get();
    private final TestDatabase.Schema schema = database.freshSchema();
    private final HikariDataSource migrationPool = schema.pool();
    private final HikariDataSource writerPool = schema.pool();

    @AfterEach
    void close() {
        migrationPool.close();
        writerPool.close();
        schema.close();
    }

    @Test
    void migrationsAfterV6RunWhileAccountingWritesGoOnWithoutStoppingThem() throws Exception {
        Flyway.configure()
                .dataSource(migrationPool)
                .locations(DatabaseMigrator.LOCATION)
                .javaMigrations(new EncryptNasSecretsMigration(TestDatabase.CIPHER))
                .target("6")
                .load()
                .migrate();
        populate();

        // Accounting of an instance still running the previous version, as plain SQL that both schemas take: each
        // unit updates the open sessions of 400 subscribers (interims) and inserts 20 new ones (Starts).
        AtomicBoolean migrating = new AtomicBoolean(true);
        AtomicLong longestNanos = new AtomicLong();
        AtomicInteger units = new AtomicInteger();
        AtomicReference<Exception> failed = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (Connection connection = writerPool.getConnection()) {
                connection.setAutoCommit(false);
                for (int round = 1; migrating.get(); round++) {
                    long started = System.nanoTime();
                    try (Statement statement = connection.createStatement()) {
                        statement.executeUpdate("UPDATE sessions SET last_update = now(), download_octets ="
                                + " download_octets + 1000, session_time = session_time + 1 WHERE tenant_id = 'acme'"
                                + " AND stop_time IS NULL AND username IN (SELECT 'user' || g FROM"
                                + " generate_series(1, 400) AS g)");
                        statement.executeUpdate(
                                INSERT.formatted(2, 1_000_000 + round * 20, 1_000_000 + round * 20 + 19));
                    }
                    connection.commit();
                    longestNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
                    units.incrementAndGet();
                }
            } catch (Exception e) {
                failed.set(e);
            }
        });
        writer.start();
        Thread.sleep(300);
        int applied;
        SessionArchive.Result archived;
        long archiveMillis;
        try {
            applied = DatabaseMigrator.migrate(migrationPool, TestDatabase.CIPHER);
            // then the history of this installation leaves the hot table (V30), in batches, with the writes going on:
            // every session closed so far is "older than 90 days" for a job that thinks it is 91 days later
            long started = System.nanoTime();
            archived = new SessionArchive(migrationPool)
                    .run(
                            Instant.now().plus(Duration.ofDays(91)),
                            new SessionArchive.Policy(Duration.ofDays(90), Map.of(), null, null));
            archiveMillis = (System.nanoTime() - started) / 1_000_000;
        } finally {
            Thread.sleep(300);
            migrating.set(false);
            writer.join(30_000);
        }

        assertThat(failed.get()).as("the accounting writes").isNull();
        assertThat(applied).as("the migrations after V6").isPositive();
        assertThat(units.get()).as("accounting units written meanwhile").isGreaterThan(2);
        assertThat(Duration.ofNanos(longestNanos.get()))
                .as(
                        "the longest accounting unit while %d migrations ran on %,d rows, then archival moved %,d in"
                                + " %,d ms",
                        applied, ROWS, archived.archived(), archiveMillis)
                .isLessThan(MAX_WAIT);
        assertThat(archived.archived())
                .as("the closed sessions, at least those of before")
                .isGreaterThanOrEqualTo(ROWS * 9 / 10);
        try (Connection connection = migrationPool.getConnection();
                Statement statement = connection.createStatement();
                ResultSet counts = statement.executeQuery("SELECT (SELECT count(*) FROM sessions_history),"
                        + " (SELECT count(*) FROM sessions_all), (SELECT count(DISTINCT id) FROM sessions_all),"
                        + " (SELECT sum(all_sessions) FROM session_counts)")) {
            counts.next();
            assertThat(counts.getLong(1)).as("in the history").isEqualTo(archived.archived());
            long expected = ROWS + (long) units.get() * 20;
            assertThat(counts.getLong(2))
                    .as("sessions in all, none lost or twice")
                    .isEqualTo(expected);
            assertThat(counts.getLong(3)).isEqualTo(expected);
            assertThat(counts.getLong(4)).as("the counters").isEqualTo(expected);
        }
        try (Connection connection = migrationPool.getConnection();
                Statement statement = connection.createStatement();
                ResultSet options =
                        statement.executeQuery("SELECT reloptions FROM pg_class WHERE oid = 'sessions'::regclass")) {
            options.next();
            assertThat(options.getString(1))
                    .as("V33's storage parameter of the hot table (ADR 54), applied among the writes")
                    .isEqualTo("{fillfactor=60}");
        }
    }

    /** Sessions i = from..to of NAS n: 90 % stopped, of 5,000 users, started i seconds ago. */
    private static final String INSERT = """
            INSERT INTO sessions (tenant_id, id, nas_id, session_key, acct_session_id, username, framed_ip,
              connection_type, start_time, stop_time, last_update, download_octets, upload_octets, session_time)
            SELECT 'acme', gen_random_uuid(), '00000000-0000-4000-8000-00000000000%d'::uuid, gen_random_uuid(),
              'H' || i, 'user' || (i %% 5000), ('10.' || (i / 65536) %% 256 || '.' || (i / 256) %% 256 || '.'
              || i %% 256)::inet, 'PPPOE', now() - (i %% 100000 || ' seconds')::interval,
              CASE WHEN i %% 10 = 0 THEN NULL ELSE now() - (i %% 100000 || ' seconds')::interval + interval '1 hour' END,
              now() - (i %% 100000 || ' seconds')::interval + interval '1 hour', i, i, 3600
            FROM generate_series(%d, %d) AS i
            """;

    private void populate() throws SQLException {
        try (Connection connection = migrationPool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(INSERT.formatted(1, 1, ROWS));
            statement.execute("ANALYZE sessions");
        }
    }
}
