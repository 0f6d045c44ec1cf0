package io.sessionkeeper.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Ipv6Prefix;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TimeWindow;
import io.sessionkeeper.domain.port.out.SessionCursor;
import io.sessionkeeper.domain.port.out.SessionFilter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
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
        // half of the closed sessions in the history (V30), by stop month, as archival leaves them
        Instant median;
        try (Connection c = DATABASE.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY stop_time)"
                        + " FROM sessions WHERE stop_time IS NOT NULL")) {
            rs.next();
            median = rs.getTimestamp(1).toInstant();
        }
        // one connection: two move in an order of their own, which leaves the hot table's pages (and the plans between
        // two partial indexes of open sessions costed alike) different from run to run
        new SessionArchive(DATABASE.dataSource(), 1)
                .run(
                        median.plus(Duration.ofDays(90)),
                        new SessionArchive.Policy(Duration.ofDays(90), Map.of(), null, null));
        DATABASE.execute("ANALYZE sessions");
        DATABASE.execute("ANALYZE sessions_history");
    }

    /** An instant inside the archived months (known at run time only: the plan shows every month it may probe). */
    private static final String AN_ARCHIVED_INSTANT =
            "(SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY stop_time) FROM sessions_history)";

    /** A Sort node: a listing that sorts its rows instead of reading them in order (a Merge Append's key is not one). */
    private static final String SORT_NODE = "(^|->  )Sort  \\(";

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
        assertThat(plan("SELECT tenant_id, id FROM sessions WHERE nas_id = md5('acme/nas/7')::uuid AND "
                        + OpenByDevice.OPEN + " AND start_time <= now() LIMIT 100"))
                .contains("sessions_open_device_idx");
    }

    @Test
    void aStartFindsTheOpenSessionsOfItsDeviceThroughTheOpenSessionsOfTheNas() {
        assertThat(
                        plan(
                                "SELECT * FROM sessions WHERE " + OpenByDevice.OPEN + " AND tenant_id = 'acme'"
                                        + " AND nas_id = md5('acme/nas/7')::uuid AND username = 'user7' AND mac_address = '02:00:00:00:00:01'"))
                .contains("sessions_open_device_idx");
    }

    /** {@link PostgresUsageHistory#SESSIONS_OF_NAS} of NAS 7 of acme over [from, now()). */
    private static String sessionsOfNas(String from) {
        String nas = "md5('acme/nas/7')::uuid";
        String sql = PostgresUsageHistory.SESSIONS_OF_NAS;
        for (String value :
                new String[] {nas, "'acme'", "now()", nas, from, "'acme'", "now()", "'acme'", nas, "now()", from, from
                }) {
            sql = sql.replaceFirst("\\?", java.util.regex.Matcher.quoteReplacement(value));
        }
        return sql;
    }

    /** The lines of a plan that read the history's months. */
    private static List<String> historyScans(String plan) {
        return plan.lines()
                .filter(line -> line.contains(" on sessions_history"))
                .toList();
    }

    @Test
    void aNasSessionsOfTheLastHourAreItsOpenOnesAndThoseClosedSinceWithoutTheHistory() {
        String plan = plan(
                List.of(), "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sessionsOfNas("(now() - interval '1 hour')"));
        assertThat(plan)
                .contains("sessions_open_device_idx")
                .contains("sessions_closed_nas_stop_idx")
                .as("not every session the NAS ever had (ADR 61)")
                .doesNotContain("sessions_tenant_nas_start_idx");
        assertThat(historyScans(plan))
                .as("the history's months, not read: none of their sessions closed within the archival's least age")
                .isNotEmpty()
                .allMatch(line -> line.endsWith("(never executed)"));
    }

    @Test
    void aNasSessionsOfAnArchivedRangeAreReadInTheHistoryToo() {
        String plan = plan(List.of(), "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sessionsOfNas(AN_ARCHIVED_INSTANT));
        assertThat(plan).contains("sessions_closed_nas_stop_idx");
        assertThat(historyScans(plan))
                .as("the history's months from the range's on, on their index by NAS")
                .anyMatch(line -> line.matches(".*sessions_history_p\\d{6}_tenant_id_nas_id_start_time_idx.*")
                        && !line.endsWith("(never executed)"));
    }

    @Test
    void aDaysUsageByUserReadsTheOpenSessionsAndThoseClosedSinceNotEveryOneOfTheTenant() {
        String sql = PostgresAlertFacts.USAGE_BY_USER;
        for (String value :
                new String[] {"date_trunc('day', now())", "(date_trunc('day', now()) + interval '1 day')", "'acme'", "0"
                }) {
            sql = sql.replaceFirst("\\?", java.util.regex.Matcher.quoteReplacement(value));
        }
        String plan = plan(sql);
        assertThat(plan)
                .contains("sessions_closed_nas_stop_idx")
                .as("not every session of the tenant in start order (ADR 61)")
                .doesNotContain("sessions_tenant_start_idx");
        assertThat(java.util.regex.Pattern.compile("(?m)^\\s*(SubPlan|InitPlan) \\d+( \\(returns [^)]*\\))?$")
                        .matcher(plan)
                        .results()
                        .count())
                .as("each of a session's two look-ups of samples planned once, not copied into every expression")
                .isEqualTo(2);
    }

    @Test
    void whoHadAnAddressReadsTheFramedIpIndexAndThePartialIndexesOfIpChanges() {
        // events as they come: NAS reboots, stale closes and, one in ten, IP changes
        DATABASE.execute("INSERT INTO session_events (tenant_id, session_id, occurred_at, type, ip_old, ip_new)"
                + " SELECT 'acme', md5(g::text)::uuid, now() - g * interval '1 minute', CASE WHEN g % 10 = 0 THEN 1"
                + " ELSE 5 + g % 2 END, CASE WHEN g % 10 = 0 THEN ('10.1.' || (g / 256 % 256) || '.' || (g % 256))::inet"
                + " END, CASE WHEN g % 10 = 0 THEN ('10.2.' || (g / 256 % 256) || '.' || (g % 256))::inet END"
                + " FROM generate_series(1, 50000) g");
        DATABASE.execute("ANALYZE session_events");
        String[] values = {
            "'acme'",
            "'10.0.0.1'",
            AN_ARCHIVED_INSTANT,
            AN_ARCHIVED_INSTANT,
            "'acme'",
            "'10.0.0.1'",
            "'10.0.0.1'",
            "'acme'",
            AN_ARCHIVED_INSTANT,
            AN_ARCHIVED_INSTANT,
            "101"
        };
        String sql = PostgresAddressHistory.CANDIDATES;
        for (String value : values) {
            sql = sql.replaceFirst("\\?", value);
        }
        assertThat(plan(sql))
                .contains("sessions_tenant_framed_ip_idx")
                .contains("session_events_ip_old_idx")
                .contains("session_events_ip_new_idx")
                .as("the history's months, each on its own framed-IP index")
                .containsPattern("sessions_history_p\\d{6}_tenant_id_framed_ip_idx")
                .as("the candidates' rows by key, not every session in start order filtered against them (a plan the"
                        + " bench saw before the LATERAL: 159 ms at 300,000 sessions)")
                .containsPattern("sessions_history_p\\d{6}_pkey")
                .doesNotContain("sessions_tenant_start_idx");
    }

    @Test
    void aListingOfAllSessionsMergesTheHotAndTheHistorysStartIndexesWithoutSorting() {
        String plan = plan("SELECT * FROM sessions_all WHERE tenant_id = 'acme' ORDER BY start_time DESC, id DESC"
                + " LIMIT 20 OFFSET 40");
        System.out.println("EXPLAIN a page of all sessions:\n" + plan);
        assertThat(plan)
                .contains("Merge Append")
                .contains("sessions_tenant_start_idx")
                .containsPattern("sessions_history_p\\d{6}_tenant_id_start_time_id_idx")
                .doesNotContainPattern(SORT_NODE);
    }

    /**
     * A search's page and total (V32, ADR 50): in its generic plan (the one the service keeps prepared), each month
     * of the history answers the User-Name prefix from its covering index alone, no heap page read.
     */
    @Test
    void aSearchReadsTheHistorysCoveringIndexesAloneInItsGenericPlan() {
        String plan = searchPlan("USER12", 20, "EXPLAIN");
        System.out.println("EXPLAIN a search (generic plan):\n" + plan);
        assertThat(plan)
                // a month made by the job after V32 names its copy of the parent's index itself
                .containsPattern("Index Only Scan using sessions_history_p\\d{6}_\\w*username\\w* on")
                // an Acct-Session-Id matches a session or two: its rows are read, to leave out the prefix's matches
                .containsPattern("Index Scan using sessions_history_p\\d{6}_tenant_id_lower_idx on")
                .contains("sessions_tenant_username_prefix_idx")
                .doesNotContainPattern("Bitmap Heap Scan on sessions_history_p\\d{6}");
    }

    /**
     * The rows of a search's page are looked up in the month of their stop time only: the other months' keys are
     * never probed (run-time pruning). The tests' server (PostgreSQL 17) prunes through the view {@code sessions_all}
     * as well; PostgreSQL 15, the bench's, does not (every month probed for every row), which is why the look-up names
     * {@code sessions_history} itself. What this holds on 17: a look-up by stop time, so that a month can be left out.
     */
    @Test
    void aSearchsPageLooksUpEachArchivedRowInItsOwnMonthOnly() {
        long matching = Long.parseLong(plan(
                List.of(),
                "SELECT count(*) FROM sessions_all WHERE tenant_id = 'acme'"
                        + " AND stop_time IS NOT NULL AND lower(username) LIKE 'user1%'"));
        String plan = searchPlan(
                "USER1",
                matching - 20,
                "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)"); // the oldest: archived
        System.out.println("EXPLAIN ANALYZE a search (generic plan):\n" + plan);
        assertThat(plan)
                .as("the page holds archived sessions")
                .containsPattern("Index Scan using sessions_history_p\\d{6}_pkey on \\S+ \\S+ \\(actual rows=1 ")
                .as("the other months are never probed")
                .containsPattern("Index Scan using sessions_history_p\\d{6}_pkey on \\S+ \\S+ \\(never executed\\)");
    }

    /** {@code explain} of a search's page of 20 completed sessions at {@code offset}, in its generic plan. */
    private static String searchPlan(String term, long offset, String explain) {
        var query = PostgresSessionRepository.searchPageQuery(
                DSL.using(
                        SQLDialect.POSTGRES,
                        new Settings().withRenderSchema(false).withRenderNamedParamPrefix("$")),
                new SessionFilter(TenantId.of("acme"), SessionStatusFilter.COMPLETED, null, null, term),
                offset,
                20);
        List<String> values = new ArrayList<>();
        for (Object value : query.getBindValues()) {
            values.add(DSL.using(SQLDialect.POSTGRES).renderInlined(DSL.inline(value)));
        }
        return plan(
                List.of(
                        "PREPARE search AS " + query.getSQL(ParamType.NAMED),
                        "SET LOCAL plan_cache_mode = force_generic_plan"),
                explain + " EXECUTE search(" + String.join(", ", values) + ")");
    }

    /** Archival reads the hot table a range of pages at a time: no index on stop_time for every Stop to pay. */
    @Test
    void archivalReadsTheHotTableByPageRanges() {
        String sql = ("SELECT s.tenant_id, s.id " + SessionArchive.DUE + " LIMIT 10000")
                .replaceFirst("\\?", "'{globex}'")
                .replaceFirst("\\?", "'{2020-01-01Z}'")
                .replaceFirst("\\?", "'(0,0)'")
                .replaceFirst("\\?", "'(1000,0)'")
                .replaceFirst("\\?", "now() - interval '90 days'");
        assertThat(plan(sql)).contains("Tid Range Scan on sessions s");
    }

    @Test
    void aSessionsDetailProbesTheHotKeyAndEachMonthsKey() {
        assertThat(plan("SELECT * FROM sessions_all WHERE tenant_id = 'acme' AND id = md5('x')::uuid"))
                .contains("sessions_pk")
                .containsPattern("sessions_history_p\\d{6}_pkey")
                .doesNotContain("Seq Scan");
    }

    @Test
    void whoHadAnIpv6AddressProbesThePartialIndexesOfV27() {
        // one session in ten with IPv6: a /64 framed prefix and a /56 delegated one, one in twenty an address too
        DATABASE.execute("UPDATE sessions SET framed_ipv6_prefix = ('2001:db8:' || to_hex(n % 65536) || '::/64')::cidr,"
                + " delegated_ipv6_prefix = ('2001:db9:' || to_hex(n % 65536) || '::/56')::cidr,"
                + " framed_ipv6 = CASE WHEN n % 2 = 0 THEN ('2001:dba::' || to_hex(n % 65536))::inet END"
                + " FROM (SELECT id AS sid, row_number() OVER (ORDER BY id) AS n FROM sessions) r"
                + " WHERE sessions.id = r.sid AND r.n % 10 = 0");
        DATABASE.execute("ANALYZE sessions");
        String prefixes = "'{"
                + String.join(
                        ",",
                        Ipv6Prefix.containing(IpAddress.parse("2001:db9:a::1")).stream()
                                .map(Ipv6Prefix::toString)
                                .toList())
                + "}'";
        String[] values = {
            "'acme'", "'2001:db9:a::1'", "'acme'", prefixes, "'acme'", prefixes, "'acme'", "now()", "now()", "101"
        };
        String sql = PostgresAddressHistory.CANDIDATES_IPV6;
        for (String value : values) {
            sql = sql.replaceFirst("\\?", java.util.regex.Matcher.quoteReplacement(value));
        }
        String plan = plan(sql);
        System.out.println("EXPLAIN who had an IPv6 address:\n" + plan);
        System.out.println("EXPLAIN (ANALYZE, BUFFERS) who had an IPv6 address:\n" + plan("(ANALYZE, BUFFERS) " + sql));
        assertThat(plan)
                .contains("sessions_tenant_framed_ipv6_idx")
                .contains("sessions_tenant_framed_ipv6_prefix_idx")
                .contains("sessions_tenant_delegated_ipv6_prefix_idx");
    }

    @Test
    void findLatestUsesTheKeyIndex() {
        assertThat(plan("SELECT DISTINCT ON (session_key) * FROM sessions WHERE session_key = ANY"
                        + " ('{00000000-0000-0000-0000-000000000001}'::uuid[])"
                        + " ORDER BY session_key, start_time DESC, id DESC"))
                .contains("sessions_key_start_idx");
    }

    /**
     * An export chunk (a month, after a cursor) walks the tenant's start-ordered index from the cursor on, in the
     * listing's order: no sort of the month's rows, whatever their number, and the cursor bounds the scan.
     */
    @Test
    void anExportChunkContinuesOnTheStartIndexFromItsCursorWithoutSorting() {
        SessionFilter month = new SessionFilter(
                TenantId.of("acme"),
                SessionStatusFilter.ALL,
                null,
                null,
                null,
                new TimeWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z"), true));
        SessionCursor cursor = new SessionCursor(Instant.parse("2026-01-20T00:00:00Z"), SessionId.random());
        String sql = PostgresSessionExportReader.chunkQuery(
                        DSL.using(SQLDialect.POSTGRES, new Settings().withRenderSchema(false)), month, cursor, 5_000)
                .getSQL(ParamType.INLINED);

        assertThat(plan(sql))
                .contains("sessions_tenant_start_idx")
                .containsPattern("sessions_history_p\\d{6}_tenant_id_start_time_id_idx")
                .contains("start_time <= ")
                .doesNotContainPattern(SORT_NODE);
    }

    @Test
    void peakTimesReadTheConcurrencyRollupsByTheirKey() {
        String tenant =
                plan("SELECT hour, q1_ms, q2_ms, q3_ms, q4_ms FROM concurrency_tenant_hours WHERE tenant_id = 'acme'"
                        + " AND hour >= now() - interval '90 days' AND hour < now()");
        String nas = plan("SELECT hour, q1_ms, q2_ms, q3_ms, q4_ms FROM concurrency_nas_hours WHERE tenant_id = 'acme'"
                + " AND nas_id = md5('acme/nas/1')::uuid AND hour >= now() - interval '90 days' AND hour < now()");
        System.out.println("EXPLAIN peak times (tenant):\n" + tenant + "\nEXPLAIN peak times (NAS):\n" + nas);
        assertThat(tenant).contains("concurrency_tenant_hours_pk");
        assertThat(nas).contains("concurrency_nas_hours_pk");
    }

    @Test
    void multiDeviceCandidatesComeFromTheOpenSessionsByNasAndUserAndFromTheStartIndex() {
        String sql = """
                SELECT username FROM (
                  SELECT username FROM sessions
                  WHERE {OPEN} AND nas_id IN (SELECT id FROM nas WHERE tenant_id = 'acme')
                  GROUP BY username HAVING count(*) >= 2
                  UNION
                  SELECT username FROM sessions WHERE tenant_id = 'acme' AND start_time >= now() - interval '24 hours'
                  GROUP BY username HAVING count(DISTINCT mac_address) >= 3
                ) u ORDER BY username LIMIT 2001""".replace("{OPEN}", OpenByDevice.OPEN);
        String candidates = plan(sql);
        String sessions = plan("SELECT s.* FROM unnest(ARRAY['user1','user2']::varchar[]) AS u(username) CROSS JOIN"
                + " LATERAL (SELECT * FROM sessions s WHERE s.tenant_id = 'acme' AND s.username = u.username AND"
                + " (s.stop_time IS NULL OR s.start_time >= now() - interval '24 hours') ORDER BY s.start_time DESC"
                + " LIMIT 200) s");
        System.out.println(
                "EXPLAIN multi-device candidates:\n" + candidates + "\nEXPLAIN their sessions:\n" + sessions);
        // the only index whose predicate "open" in OpenByDevice's form proves (in the form stop_time IS NULL, the
        // planner took sessions_open_key_uk instead when the database held more NAS rows)
        assertThat(candidates)
                .contains("sessions_open_device_idx")
                .contains("sessions_tenant_start_idx")
                .doesNotContain("Seq Scan on sessions");
        assertThat(sessions).contains("sessions_tenant_username_idx").doesNotContain("Sort");
    }

    @Test
    void aPageOfMultiDeviceFindingsIsReadOnTheRankIndexAndItsEvidenceOnTheSessionsKey() {
        String page = plan("SELECT username, score FROM multi_device_findings WHERE tenant_id = 'acme'"
                + " ORDER BY score DESC, username LIMIT 20 OFFSET 40");
        String evidence = plan("SELECT * FROM sessions s WHERE s.tenant_id = 'acme' AND s.id ="
                + " ANY(ARRAY[md5('a')::uuid, md5('b')::uuid])");
        System.out.println("EXPLAIN multi-device page:\n" + page + "\nEXPLAIN its evidence:\n" + evidence);
        assertThat(page).contains("multi_device_findings_rank_idx").doesNotContain("Sort");
        assertThat(evidence).contains("sessions_pk");
    }

    @Test
    void sessionComparisonReadsTheUsersSessionsOnItsIndex() {
        String window = plan("SELECT * FROM sessions WHERE tenant_id = 'acme' AND username = 'user7'"
                + " AND start_time >= now() - interval '30 days' ORDER BY start_time DESC, id DESC LIMIT 10000");
        String open = plan("SELECT * FROM sessions WHERE tenant_id = 'acme' AND username = 'user7'"
                + " AND stop_time IS NULL ORDER BY start_time DESC, id DESC LIMIT 1");
        System.out.println("EXPLAIN comparison window:\n" + window + "\nEXPLAIN comparison current:\n" + open);
        assertThat(window).contains("sessions_tenant_username_idx");
        assertThat(open).contains("sessions_tenant_username_idx");
    }

    @Test
    void nasHealthReadsActivityAndPacketMinutesByNas() {
        String minutes = plan("SELECT nas_id, minute, sum(packets) FROM nas_packet_minutes WHERE nas_id ="
                + " ANY(ARRAY[md5('acme/nas/1')::uuid, md5('acme/nas/2')::uuid]) AND minute >= now() - interval '1 hour'"
                + " AND minute < now() AND tenant_id = 'acme' GROUP BY nas_id, minute");
        String activity = plan("SELECT n.id, a.last_accounting_at FROM unnest(ARRAY[md5('acme/nas/1')::uuid]) AS n(id)"
                + " LEFT JOIN nas_activity a ON a.nas_id = n.id AND a.tenant_id = 'acme'");
        System.out.println("EXPLAIN NAS health minutes:\n" + minutes + "\nEXPLAIN NAS activity:\n" + activity);
        assertThat(minutes).contains("nas_packet_minutes_pk");
        assertThat(activity).contains("nas_activity_pk");
    }

    private static String plan(String sql) {
        return plan(List.of(), "EXPLAIN " + sql);
    }

    /** The plan of {@code explain}, after {@code before} in the same transaction. */
    private static String plan(List<String> before, String explain) {
        List<String> lines = new ArrayList<>();
        String sql = explain;
        try (Connection c = DATABASE.dataSource().getConnection();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL enable_seqscan = off");
            for (String statement : before) {
                st.execute(statement);
            }
            try (ResultSet rs = st.executeQuery(explain)) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
            st.execute("DEALLOCATE ALL");
            c.rollback();
            c.setAutoCommit(true);
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
        return String.join("\n", lines);
    }
}
