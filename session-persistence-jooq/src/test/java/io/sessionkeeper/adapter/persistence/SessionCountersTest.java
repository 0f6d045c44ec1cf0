package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.TestSessions.T0;
import static io.sessionkeeper.adapter.persistence.TestSessions.session;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.sessionkeeper.domain.model.ConnectionType;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionKey;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.port.out.SessionFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The counters of the V2 migration ({@code session_counts}, {@code session_start_counts}), kept by triggers, must
 * always equal a recount of {@code sessions}, whatever wrote the rows; and the statistics and totals must come from
 * them.
 */
class SessionCountersTest {
    private static final TenantId OTHER = TenantId.of("other-isp");
    private static final List<NasId> NAS = List.of(nas(1), nas(2), nas(3));
    private static final List<ConnectionType> TYPES =
            List.of(ConnectionType.PPPOE, ConnectionType.HOTSPOT, ConnectionType.OTHER);

    private static final String RECOUNT = """
            SELECT tenant_id, nas_id, connection_type, count(*) AS all_sessions,
                   count(*) FILTER (WHERE stop_time IS NULL) AS open_sessions
            FROM sessions GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""";
    private static final String COUNTED = """
            SELECT tenant_id, nas_id, connection_type, sum(all_sessions)::bigint AS all_sessions,
                   sum(open_sessions)::bigint AS open_sessions
            FROM session_counts GROUP BY 1, 2, 3 HAVING sum(all_sessions) <> 0 OR sum(open_sessions) <> 0
            ORDER BY 1, 2, 3""";
    private static final String RECOUNT_STARTS = """
            SELECT tenant_id, date_bin('15 minutes', start_time, TIMESTAMPTZ 'epoch') AS bucket, count(*) AS started
            FROM sessions GROUP BY 1, 2 ORDER BY 1, 2""";
    private static final String COUNTED_STARTS = """
            SELECT tenant_id, bucket, sum(started)::bigint AS started FROM session_start_counts
            GROUP BY 1, 2 HAVING sum(started) <> 0 ORDER BY 1, 2""";

    private final TestDatabase database = TestDatabase.get();
    private final PostgresSessionRepository repository = new PostgresSessionRepository(database.dataSource());
    private final DSLContext sql = DSL.using(database.dataSource(), SQLDialect.POSTGRES);

    @BeforeEach
    void emptyTables() {
        database.truncate();
    }

    @Test
    void countersEqualARecountAfterEveryKindOfWrite() {
        Random random = new Random(7);
        List<Session> open = new ArrayList<>();
        for (int round = 0; round < 12; round++) {
            // accounting batches: new sessions (some already stopped), interims, stops, starts moved earlier
            List<Session> batch = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Session fresh = session()
                        .tenant(random.nextInt(4) == 0 ? OTHER : TenantId.DEFAULT)
                        .nas(NAS.get(random.nextInt(NAS.size())))
                        .type(TYPES.get(random.nextInt(TYPES.size())))
                        .username("user" + random.nextInt(1000))
                        .acctSessionId(Integer.toHexString(random.nextInt()))
                        .start(T0.plusSeconds(random.nextInt(3 * 24 * 3600)))
                        .build();
                if (random.nextInt(5) == 0) {
                    fresh = TestSessions.of(fresh)
                            .stopped(fresh.startTime().plusSeconds(60), TerminateCause.fromRadius(1))
                            .build();
                } else {
                    open.add(fresh);
                }
                batch.add(fresh);
            }
            for (int i = 0; i < 20 && !open.isEmpty(); i++) {
                Session s = open.get(random.nextInt(open.size()));
                TestSessions next = TestSessions.of(s).usage(1_000L * round + i, 2_000L * round + i);
                switch (random.nextInt(3)) {
                    case 0 -> next.stopped(s.startTime().plusSeconds(600), TerminateCause.fromRadius(1));
                    case 1 -> next.start(s.startTime().minus(Duration.ofMinutes(20))); // a Start with an earlier time
                    default -> next.lastUpdate(s.startTime().plusSeconds(300));
                }
                batch.add(next.build());
            }
            save(batch);
            assertCountersMatchARecount();

            // the other paths: close one, Accounting-On of a NAS, stale cleanup, an operator's DELETE
            switch (round % 4) {
                case 0 ->
                    open.stream()
                            .findFirst()
                            .ifPresent(s -> repository.close(
                                    s.tenant(), s.id(), s.startTime().plusSeconds(5), TerminateCause.ADMIN_TERMINATE));
                case 1 ->
                    repository.closeOpenOfNas(
                            NAS.get(round % NAS.size()),
                            T0.plus(Duration.ofDays(2)),
                            T0.plus(Duration.ofDays(4)),
                            TerminateCause.fromRadius(11),
                            25);
                case 2 -> repository.closeStale(null, T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)), 30);
                default -> database.execute("DELETE FROM sessions WHERE username LIKE 'user1%'");
            }
            open.removeIf(s -> repository
                    .findById(s.tenant(), s.id())
                    .map(stored -> stored.stopTime() != null)
                    .orElse(true));
            assertCountersMatchARecount();
        }
        assertThat(sql.fetchCount(DSL.table("sessions"))).isGreaterThan(300);
    }

    @Test
    void writersOnTheirOwnConnectionsKeepTheCountersExact() throws Exception {
        List<HikariDataSource> pools = List.of(
                database.newPool("counter-a", 3, null),
                database.newPool("counter-b", 3, null),
                database.newPool("counter-c", 3, null));
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                PostgresSessionRepository writer = new PostgresSessionRepository(pools.get(w % pools.size()));
                int seed = w;
                running.add(threads.submit(() -> {
                    Random random = new Random(seed);
                    for (int round = 0; round < 25; round++) {
                        List<Session> batch = new ArrayList<>();
                        for (int i = 0; i < 20; i++) {
                            TestSessions s = session()
                                    .nas(NAS.get(random.nextInt(NAS.size())))
                                    .type(TYPES.get(random.nextInt(TYPES.size())))
                                    .username("w" + seed + "u" + random.nextInt(50))
                                    .acctSessionId(Integer.toHexString(random.nextInt()))
                                    .start(T0.plusSeconds(random.nextInt(7200)));
                            batch.add((i % 3 == 0 ? s.stopped(T0.plusSeconds(8000), TerminateCause.fromRadius(1)) : s)
                                    .build());
                        }
                        save(writer, batch);
                        if (round % 5 == 4) {
                            writer.closeOpenOfNas(
                                    NAS.get(seed % NAS.size()),
                                    T0.plusSeconds(3600),
                                    T0.plusSeconds(9000),
                                    TerminateCause.fromRadius(11),
                                    10);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
            pools.forEach(HikariDataSource::close);
        }
        assertThat(sql.fetchCount(DSL.table("sessions"))).isEqualTo(6 * 25 * 20);
        assertCountersMatchARecount();
    }

    /**
     * V36: eight transactions that each insert a session of the same tenant, NAS and type, all open at once, never
     * wait for each other's counter rows: each takes a slot of its own. With V2's slot (pid modulo 4), eight
     * transactions share at most four slots, so at least one waits for another's commit and runs into its lock
     * timeout here.
     */
    @Test
    void concurrentTransactionsTakeSlotsOfTheirOwnAndNeverWaitOnTheCounters() throws Exception {
        int transactions = 8;
        onConnections(transactions, open -> {
            for (int t = 0; t < transactions; t++) {
                open.get(t).setAutoCommit(false);
                try (java.sql.Statement st = open.get(t).createStatement()) {
                    st.execute("SET LOCAL lock_timeout = '2s'");
                    st.execute(insertOne(t));
                }
            }
            for (java.sql.Connection connection : open) {
                connection.commit();
            }
        });
        assertCountersMatchARecount();
        assertThat(sql.fetchValue(
                        "SELECT count(DISTINCT slot) FROM session_counts WHERE nas_id = ?",
                        NAS.get(0).value()))
                .isEqualTo((long) transactions);
        assertThat(sql.fetchValue("SELECT count(DISTINCT slot) FROM session_start_counts"))
                .isEqualTo((long) transactions);
    }

    /**
     * V36: a transaction takes the lowest free slot, so writes that never overlap, from eight backends, all land in
     * slot 0 and the readers sum one row a key (by backend, V2 spread them over four).
     */
    @Test
    void transactionsOneAfterAnotherShareTheLowestSlot() throws Exception {
        int backends = 8;
        onConnections(backends, open -> {
            for (int t = 0; t < backends; t++) {
                try (java.sql.Statement st = open.get(t).createStatement()) {
                    st.execute(insertOne(t));
                }
            }
        });
        assertCountersMatchARecount();
        assertThat(sql.fetch("SELECT DISTINCT slot::int FROM session_counts").getValues(0, Integer.class))
                .containsExactly(0);
        assertThat(sql.fetch("SELECT DISTINCT slot::int FROM session_start_counts")
                        .getValues(0, Integer.class))
                .containsExactly(0);
    }

    private interface OnConnections {
        void run(List<java.sql.Connection> connections) throws Exception;
    }

    /** Runs {@code body} on {@code n} connections of a pool of their own, open at once (n backends), then closes them. */
    private void onConnections(int n, OnConnections body) throws Exception {
        try (HikariDataSource pool = database.newPool("slots", n, null)) {
            List<java.sql.Connection> open = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    open.add(pool.getConnection());
                }
                body.run(open);
            } finally {
                for (java.sql.Connection connection : open) {
                    connection.close();
                }
            }
        }
    }

    private static String insertOne(int t) {
        return """
                INSERT INTO sessions (tenant_id, id, nas_id, session_key, acct_session_id, username, connection_type,
                  start_time, last_update)
                VALUES ('default', gen_random_uuid(), '%s', gen_random_uuid(), 'a%d', 'u%d', 'PPPOE',
                  TIMESTAMPTZ '2026-12-01 10:00Z', TIMESTAMPTZ '2026-12-01 10:05Z')""".formatted(NAS.get(0).value(), t, t);
    }

    /**
     * V39 (ADR 68): an UPDATE whose text begins with {@link SessionUpsert#NO_COUNTED_COLUMN} is not counted. Shown
     * here by misusing the marker on an UPDATE that does close sessions, sent as the service sends its statements
     * (the extended protocol, the statement named on the server after a few calls): the counters keep them open. A
     * query string that holds a second statement after a marked one (psql, the simple protocol, where both
     * statements see the whole string as their query) is counted, both statements of it.
     */
    @Test
    void anUpdateThatSaysItSetsNoCountedColumnIsNotCounted() throws Exception {
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sessions.add(session().nas(NAS.get(0)).username("marked" + i).build());
        }
        save(sessions);
        assertCountersMatchARecount();
        String marked = SessionUpsert.NO_COUNTED_COLUMN + "UPDATE sessions SET stop_time = last_update WHERE id = ?";
        try (java.sql.Connection connection = database.dataSource().getConnection();
                java.sql.PreparedStatement st = connection.prepareStatement(marked)) {
            for (int i = 0; i < 6; i++) {
                st.setObject(1, sessions.get(i).id().value());
                assertThat(st.executeUpdate()).isOne();
            }
        }
        assertThat(openSessions(RECOUNT)).isEqualTo(4);
        assertThat(openSessions(COUNTED))
                .as("a marked statement is not counted")
                .isEqualTo(10);

        Properties simple = new Properties();
        simple.setProperty("preferQueryMode", "simple");
        try (java.sql.Connection connection = database.connect(simple);
                java.sql.Statement st = connection.createStatement()) {
            st.execute(marked.replace("?", "'" + sessions.get(6).id().value() + "'")
                    + "; UPDATE sessions SET stop_time = last_update WHERE id = '"
                    + sessions.get(7).id().value() + "'");
        }
        assertThat(openSessions(RECOUNT)).isEqualTo(2);
        assertThat(openSessions(COUNTED))
                .as("both statements of a multi-statement string are counted")
                .isEqualTo(8);
    }

    /**
     * The one statement of the service that carries the marker: a single UPDATE whose SET list names none of the
     * columns the counters count, so skipping its trigger leaves them exact ({@code
     * countersEqualARecountAfterEveryKindOfWrite} writes interims through it).
     */
    @Test
    void theInterimsProgressSetsNoCountedColumn() {
        String progress = SessionUpsert.PROGRESS;
        assertThat(progress).startsWith(SessionUpsert.NO_COUNTED_COLUMN).doesNotContain(";");
        assertThat(progress.split("UPDATE", -1)).hasSize(2);
        String set = progress.substring(progress.indexOf(" SET") + 4, progress.indexOf("\nFROM"));
        List<String> assigned = new ArrayList<>();
        Matcher column = Pattern.compile("(?m)^\\s*(\\w+)\\s*=").matcher(set);
        while (column.find()) {
            assigned.add(column.group(1));
        }
        assertThat(assigned)
                .contains("last_update", "download_octets")
                .doesNotContainAnyElementsOf(
                        List.of("tenant_id", "nas_id", "connection_type", "stop_time", "start_time"));
    }

    private long openSessions(String counts) {
        return sql.fetch(counts).stream()
                .mapToLong(r -> r.get("open_sessions", Long.class))
                .sum();
    }

    @Test
    void statisticsAndUnfilteredTotalsAreReadFromTheCounters() {
        save(List.of(
                session().nas(NAS.get(0)).username("a").acctSessionId("1").build(),
                session()
                        .nas(NAS.get(1))
                        .username("b")
                        .acctSessionId("2")
                        .type(ConnectionType.HOTSPOT)
                        .build()));
        SessionFilter active = new SessionFilter(TenantId.DEFAULT, SessionStatusFilter.ACTIVE, null, null, null);
        assertThat(repository.count(active)).isEqualTo(2);
        assertThat(repository.countActive(TenantId.DEFAULT).total()).isEqualTo(2);

        // Counters are what the reads see: changed behind the triggers' back, the answers follow them.
        database.execute("UPDATE session_counts SET open_sessions = open_sessions + 1000, all_sessions = all_sessions"
                + " + 1000 WHERE connection_type = 'HOTSPOT'");
        database.execute("UPDATE session_start_counts SET started = started + 500");
        assertThat(repository.count(active)).isEqualTo(1002);
        assertThat(repository.countActive(TenantId.DEFAULT).hotspot()).isEqualTo(1001);
        assertThat(repository.countStartedSince(TenantId.DEFAULT, List.of(T0))).containsExactly(502L);
        // a filter by user still counts rows
        assertThat(repository.count(new SessionFilter(TenantId.DEFAULT, SessionStatusFilter.ACTIVE, "b", null, null)))
                .isEqualTo(1);
    }

    @Test
    void startedSinceAnInstantInsideABucketCountsThatBucketsRestRowByRow() {
        Instant boundary = Instant.parse("2025-03-01T10:15:00Z");
        List<Instant> starts = List.of(
                boundary.minusSeconds(15 * 60), // 10:00, its own bucket
                boundary.minusSeconds(8 * 60), // 10:07
                boundary.minusMillis(1), // 10:14:59.999
                boundary, // 10:15, the next bucket
                boundary.plusSeconds(14 * 60)); // 10:29
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            sessions.add(session()
                    .username("u" + i)
                    .acctSessionId("A" + i)
                    .start(starts.get(i))
                    .build());
        }
        save(sessions);

        assertThat(repository.countStartedSince(
                        TenantId.DEFAULT,
                        List.of(
                                boundary.minusSeconds(15 * 60),
                                boundary.minusSeconds(8 * 60),
                                boundary.minusSeconds(8 * 60).plusMillis(1),
                                boundary,
                                boundary.plusSeconds(1),
                                boundary.plusSeconds(30 * 60))))
                .containsExactly(5L, 4L, 3L, 2L, 1L, 0L);
        assertThat(PostgresSessionRepository.bucketCeiling(boundary)).isEqualTo(boundary);
        assertThat(PostgresSessionRepository.bucketCeiling(boundary.minusNanos(1000)))
                .isEqualTo(boundary);
        assertThat(PostgresSessionRepository.bucketCeiling(boundary.plusNanos(1000)))
                .isEqualTo(boundary.plusSeconds(15 * 60));
    }

    @Test
    void truncatingSessionsEmptiesTheCounters() {
        save(List.of(session().build()));
        assertThat(sql.fetchCount(DSL.table("session_counts"))).isPositive();
        database.execute("TRUNCATE sessions");
        assertThat(sql.fetchCount(DSL.table("session_counts"))).isZero();
        assertThat(sql.fetchCount(DSL.table("session_start_counts"))).isZero();
    }

    private void assertCountersMatchARecount() {
        assertThat(sql.fetch(COUNTED).intoMaps())
                .as("session_counts")
                .isEqualTo(sql.fetch(RECOUNT).intoMaps());
        assertThat(sql.fetch(COUNTED_STARTS).intoMaps())
                .as("session_start_counts")
                .isEqualTo(sql.fetch(RECOUNT_STARTS).intoMaps());
    }

    private void save(List<Session> sessions) {
        save(repository, sessions);
    }

    private static void save(PostgresSessionRepository repository, List<Session> sessions) {
        Set<SessionKey> keys = new LinkedHashSet<>();
        sessions.forEach(s -> keys.add(s.key()));
        repository.writeAtomically(keys, writes -> {
            writes.saveAll(sessions);
            return null;
        });
    }

    private static NasId nas(int i) {
        return new NasId(new UUID(0xC0, i));
    }
}
