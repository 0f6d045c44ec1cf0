package io.sessionkeeper.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The indexes the queries rely on can serve them (sequential scans are switched off, so the planner shows the index
 * it would use on a large table). The full-size measurements are in docs/persistence.md.
 */
class QueryPlanTest {
    private static final TestDatabase DATABASE = TestDatabase.get();

    @BeforeAll
    static void seedAndAnalyze() throws Exception {
        DATABASE.truncate();
        try (Connection c = DATABASE.dataSource().getConnection()) {
            ScaleSeed.seed(c, "acme", 20_000, 2_000);
            ScaleSeed.seed(c, "globex", 2_000, 200);
        }
        DATABASE.execute("ANALYZE sessions");
    }

    @AfterAll
    static void empty() {
        DATABASE.truncate();
    }

    @Test
    void listingActiveSessionsReadsOnlyThePartialIndexOfOpenSessions() {
        assertThat(plan("SELECT * FROM sessions WHERE tenant_id = 'acme' AND stop_time IS NULL"
                        + " ORDER BY start_time DESC, id DESC LIMIT 20"))
                .contains("sessions_open_tenant_start_idx")
                .doesNotContain("Sort");
    }

    @Test
    void usernamePrefixSearchUsesThePatternIndex() {
        assertThat(
                        plan(
                                "SELECT * FROM sessions WHERE tenant_id = 'acme' AND lower(username) LIKE lower('USER123') || '%'"))
                .contains("sessions_tenant_username_prefix_idx");
    }

    @Test
    void accountingOnClosesThroughTheOpenSessionsOfTheNas() {
        assertThat(plan("SELECT tenant_id, id FROM sessions WHERE nas_id = md5('acme/nas/7')::uuid"
                        + " AND stop_time IS NULL AND start_time <= now() LIMIT 100"))
                .contains("sessions_open_nas_user_idx");
    }

    @Test
    void aStartFindsTheOpenSessionsOfItsDeviceThroughTheOpenSessionsOfTheNas() {
        assertThat(
                        plan(
                                "SELECT * FROM sessions WHERE stop_time IS NULL AND tenant_id = 'acme'"
                                        + " AND nas_id = md5('acme/nas/7')::uuid AND username = 'user7' AND mac_address = '02:00:00:00:00:01'"))
                .contains("sessions_open_nas_user_idx");
    }

    @Test
    void findLatestUsesTheKeyIndex() {
        assertThat(plan("SELECT DISTINCT ON (session_key) * FROM sessions WHERE session_key = ANY"
                        + " ('{00000000-0000-0000-0000-000000000001}'::uuid[])"
                        + " ORDER BY session_key, start_time DESC, id DESC"))
                .contains("sessions_key_start_idx");
    }

    private static String plan(String sql) {
        List<String> lines = new ArrayList<>();
        try (Connection c = DATABASE.dataSource().getConnection();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL enable_seqscan = off");
            try (ResultSet rs = st.executeQuery("EXPLAIN " + sql)) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
            c.rollback();
            c.setAutoCommit(true);
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
        return String.join("\n", lines);
    }
}
