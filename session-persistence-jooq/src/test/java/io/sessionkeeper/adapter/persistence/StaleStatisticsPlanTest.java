package io.sessionkeeper.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The accounting statements on open sessions plan the same whatever the statistics say about them. Here the table was
 * analysed while every session in it was closed (as after a NAS's Accounting-On, or the ingest benchmark's warm-up),
 * and sessions were opened since, so PostgreSQL takes each partial index of open sessions for a one-row index.
 *
 * <ul>
 *   <li>The interims' progress statement ({@link SessionUpsert#PROGRESS}) probes the primary key. Written with {@code
 *       s.stop_time IS NULL}, it was planned, in its generic and in its custom plan, as a hash join over the partial
 *       index of open sessions: every open session read for every batch (docs/benchmarks.md, "The interims' update
 *       planned from stale statistics").
 *   <li>A Start's device look-up ({@link PostgresAccountingUnits#OPEN_OF_DEVICES}) probes the index of open sessions by
 *       NAS and user, one probe a device. When both indexes had the same predicate, it read the whole of {@code
 *       sessions_open_key_uk} for each device instead (113 ms for 100 devices, 502,100 buffers).
 * </ul>
 */
class StaleStatisticsPlanTest {
    private static final TestDatabase DATABASE = TestDatabase.get();
    private static final int BATCH = 400;
    private static final int DEVICES = 100;

    @BeforeAll
    static void analysedWhileEverySessionWasClosed() throws Exception {
        DATABASE.truncate();
        // autovacuum would analyse the table again on its own, some time
        DATABASE.execute("ALTER TABLE sessions SET (autovacuum_enabled = false)");
        try (Connection c = DATABASE.dataSource().getConnection()) {
            ScaleSeed.seed(c, "acme", 20_000, 0);
        }
        DATABASE.execute("ANALYZE sessions");
        try (Connection c = DATABASE.dataSource().getConnection()) {
            ScaleSeed.seed(c, "globex", 5_000, 5_000);
        }
    }

    @AfterAll
    static void empty() {
        DATABASE.execute("ALTER TABLE sessions RESET (autovacuum_enabled)");
        DATABASE.truncate();
    }

    @ParameterizedTest
    @ValueSource(strings = {"force_generic_plan", "force_custom_plan"})
    void theProgressOfOpenSessionsProbesThePrimaryKey(String planCacheMode) throws Exception {
        String plan = explainProgress(planCacheMode);
        System.out.println("EXPLAIN the progress of " + BATCH + " open sessions (" + planCacheMode + "):\n" + plan);
        assertThat(plan)
                .contains("Index Scan using sessions_pk on sessions s")
                .doesNotContain("sessions_open_key_uk")
                .doesNotContain("Hash");
    }

    @ParameterizedTest
    @ValueSource(strings = {"force_generic_plan", "force_custom_plan"})
    void aStartsDeviceLookUpProbesTheOpenSessionsByNasAndUser(String planCacheMode) throws Exception {
        String nasIds = "'{" + String.join(",", devices("md5('globex/nas/' || (i % 20))")) + "}'";
        String usernames = "'{" + String.join(",", devices("'user' || i")) + "}'";
        String plan = explain(PostgresAccountingUnits.OPEN_OF_DEVICES, planCacheMode, nasIds + ", " + usernames);
        System.out.println("EXPLAIN the open sessions of " + DEVICES + " devices (" + planCacheMode + "):\n" + plan);
        assertThat(plan)
                .contains("Index Scan using sessions_open_device_idx on sessions")
                .contains("Index Cond: ((nas_id = d.nas_id) AND ((username)::text = (d.username)::text))")
                .doesNotContain("sessions_open_key_uk");
    }

    @ParameterizedTest
    @ValueSource(strings = {"force_generic_plan", "force_custom_plan"})
    void aNasSessionsOfTheLastHourAreReadOnTheIndexesOfOpenAndOfClosedSessions(String planCacheMode) throws Exception {
        String nas = "md5('globex/nas/7')::uuid";
        String hourAgo = "now() - interval '1 hour'";
        String plan = explain(
                PostgresUsageHistory.SESSIONS_OF_NAS,
                planCacheMode,
                String.join(
                        ", ",
                        nas,
                        "'globex'",
                        "now()",
                        nas,
                        hourAgo,
                        "'globex'",
                        "now()",
                        "'globex'",
                        nas,
                        "now()",
                        hourAgo,
                        hourAgo));
        System.out.println("EXPLAIN a NAS's sessions of the last hour (" + planCacheMode + "):\n" + plan);
        assertThat(plan)
                .contains("sessions_open_device_idx")
                .contains("sessions_closed_nas_stop_idx")
                .doesNotContain("sessions_tenant_nas_start_idx");
    }

    private static List<String> devices(String expression) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = DATABASE.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rows =
                        st.executeQuery("SELECT " + expression + " FROM generate_series(1, " + DEVICES + ") AS i")) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** EXPLAIN of the statement prepared as the writer sends it, in a transaction set up as the unit's lock sets it. */
    private static String explain(String statement, String planCacheMode, String arguments) throws Exception {
        String prepared = statement;
        for (int n = 1; prepared.contains("?"); n++) {
            prepared = prepared.replaceFirst("\\?", "\\$" + n);
        }
        List<String> lines = new ArrayList<>();
        try (Connection c = DATABASE.dataSource().getConnection();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL enable_seqscan = off");
            st.execute("SET LOCAL plan_cache_mode = " + planCacheMode);
            st.execute("PREPARE statement AS " + prepared);
            try (ResultSet rows = st.executeQuery("EXPLAIN EXECUTE statement(" + arguments + ")")) {
                while (rows.next()) {
                    lines.add(rows.getString(1));
                }
            }
            st.execute("DEALLOCATE statement");
            c.rollback();
        }
        return String.join("\n", lines);
    }

    private static String explainProgress(String planCacheMode) throws Exception {
        String ids;
        try (Connection c = DATABASE.dataSource().getConnection();
                Statement st = c.createStatement()) {
            try (ResultSet rows = st.executeQuery("SELECT string_agg(id::text, ',') FROM (SELECT id FROM sessions"
                    + " WHERE tenant_id = 'globex' AND stop_time IS NULL LIMIT " + BATCH + ") AS o")) {
                rows.next();
                ids = rows.getString(1);
            }
        }
        String numbers = array("1000");
        String none = array("NULL");
        String arguments = String.join(
                ", ",
                array("globex"),
                "'{" + ids + "}'",
                array("1764892800000000"),
                numbers,
                numbers,
                numbers,
                numbers,
                numbers,
                none,
                none);
        return explain(SessionUpsert.PROGRESS, planCacheMode, arguments);
    }

    private static String array(String element) {
        return "'{" + String.join(",", Collections.nCopies(BATCH, element)) + "}'";
    }
}
