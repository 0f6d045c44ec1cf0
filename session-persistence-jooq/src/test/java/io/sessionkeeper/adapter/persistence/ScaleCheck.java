package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.SESSIONS;

import com.zaxxer.hikari.HikariDataSource;
import io.sessionkeeper.adapter.persistence.database.ConnectionPools;
import io.sessionkeeper.adapter.persistence.database.DataSources;
import io.sessionkeeper.adapter.persistence.database.DatabaseConfig;
import io.sessionkeeper.adapter.persistence.database.DatabaseMigrator;
import io.sessionkeeper.adapter.persistence.database.EmbeddedDatabase;
import io.sessionkeeper.adapter.persistence.mapping.SessionMapper;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionKey;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.Usage;
import io.sessionkeeper.domain.port.out.SessionFilter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Query;

/**
 * One-off scale measurement (not a test): seeds 1,000,000 sessions of which 100,000 are open for tenant
 * {@code acme} (plus 100,000 / 10,000 for {@code globex}), then prints {@code EXPLAIN (ANALYZE, BUFFERS)} of the
 * listing and statistics queries, their warm timings, and the share of HOT updates of interim-style writes with
 * and without an index on {@code last_update}. Results are quoted in docs/persistence.md.
 *
 * <pre>
 * mvn -o -q -pl session-persistence-jooq test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp session-persistence-jooq/target/test-classes:session-persistence-jooq/target/classes:$(cat \
 *     session-persistence-jooq/target/test-classpath.txt) io.sessionkeeper.adapter.persistence.ScaleCheck [jdbc-url]
 * </pre>
 *
 * Without a URL it starts an embedded PostgreSQL on a temporary directory (fsync off: seeding speed, not
 * durability, is of interest here).
 */
public final class ScaleCheck {
    private static final TenantId ACME = TenantId.of("acme");

    private ScaleCheck() {}

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase embedded = null;
        Path directory = null;
        String url;
        String user;
        String password;
        if (args.length > 0) {
            url = args[0];
            user = args.length > 1 ? args[1] : "postgres";
            password = args.length > 2 ? args[2] : null;
        } else {
            directory = TestDatabase.createTempDirectory();
            embedded = EmbeddedDatabase.start(new DatabaseConfig.Embedded(
                    directory, ConnectionPools.defaults(), false, TestDatabase.sharedBinaries()));
            url = embedded.jdbcUrl();
            user = embedded.user();
            password = embedded.password();
        }
        int total = Integer.getInteger("sessions", 1_000_000);
        int active = Integer.getInteger("active", 100_000);
        try (HikariDataSource pool = DataSources.withoutTimeouts(url, user, password, 4, "scale-check")) {
            DatabaseMigrator.migrate(pool, TestDatabase.CIPHER);
            DSLContext ctx = JooqContexts.create(pool);
            PostgresSessionRepository repository = new PostgresSessionRepository(pool);
            try (Connection c = pool.getConnection();
                    Statement st = c.createStatement()) {
                st.execute("TRUNCATE sessions");
                long t0 = System.nanoTime();
                ScaleSeed.seed(c, "acme", total, active);
                ScaleSeed.seed(c, "globex", total / 10, active / 10);
                System.out.printf("seeded %,d + %,d sessions in %.1f s%n", total, total / 10, seconds(t0));
                t0 = System.nanoTime();
                // Completed history is all-visible in a running system (autovacuum); get there before measuring.
                st.execute("VACUUM (ANALYZE) sessions");
                st.execute("VACUUM sessions");
                System.out.printf("VACUUM ANALYZE in %.1f s%n", seconds(t0));
                print(
                        st,
                        "SELECT 'pages ' || relpages || ', all-visible ' || relallvisible FROM pg_class"
                                + " WHERE relname = 'sessions'");
                print(st, "SELECT version()");
                print(
                        st,
                        "SELECT pg_size_pretty(pg_table_size('sessions')) AS heap,"
                                + " pg_size_pretty(pg_indexes_size('sessions')) AS indexes");
                print(
                        st,
                        "SELECT indexrelname, pg_size_pretty(pg_relation_size(indexrelid)) FROM pg_stat_user_indexes"
                                + " WHERE relname = 'sessions' ORDER BY pg_relation_size(indexrelid) DESC");

                SessionFilter activeFilter = new SessionFilter(ACME, SessionStatusFilter.ACTIVE, null, null, null);
                SessionFilter allFilter = SessionFilter.all(ACME);
                SessionFilter searchUser = new SessionFilter(ACME, SessionStatusFilter.ALL, null, null, "user1234");
                SessionFilter searchIp = new SessionFilter(ACME, SessionStatusFilter.ALL, null, null, "10.0.4.210");
                Instant now = Instant.now();
                Instant midnight = now.atZone(ZoneOffset.UTC)
                        .toLocalDate()
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
                List<Instant> since = List.of(midnight, now.minus(Duration.ofDays(7)), now.minus(Duration.ofDays(30)));
                NasId nas7;
                try (ResultSet rs = st.executeQuery("SELECT md5('acme/nas/7')::uuid")) {
                    rs.next();
                    nas7 = new NasId(rs.getObject(1, UUID.class));
                }

                explain(
                        st,
                        ctx,
                        "list active, first page",
                        PostgresSessionRepository.pageQuery(ctx, activeFilter, 0, 20),
                        () -> repository.find(activeFilter, 0, 20));
                explain(
                        st,
                        ctx,
                        "count active",
                        PostgresSessionRepository.countQuery(ctx, activeFilter),
                        () -> repository.count(activeFilter));
                explain(
                        st,
                        ctx,
                        "list active, page 50",
                        PostgresSessionRepository.pageQuery(ctx, activeFilter, 980, 20),
                        () -> repository.find(activeFilter, 980, 20));
                explain(
                        st,
                        ctx,
                        "list all, first page",
                        PostgresSessionRepository.pageQuery(ctx, allFilter, 0, 20),
                        () -> repository.find(allFilter, 0, 20));
                explain(
                        st,
                        ctx,
                        "count all",
                        PostgresSessionRepository.countQuery(ctx, allFilter),
                        () -> repository.count(allFilter));
                explain(
                        st,
                        ctx,
                        "statistics: active by NAS and type",
                        PostgresSessionRepository.activeCountsQuery(ctx, ACME),
                        () -> repository.countActive(ACME));
                explain(
                        st,
                        ctx,
                        "statistics: started today / 7 days / 30 days",
                        PostgresSessionRepository.startedSinceQuery(ctx, ACME, since),
                        () -> repository.countStartedSince(ACME, since));
                explain(
                        st,
                        ctx,
                        "search 'user1234', first page",
                        PostgresSessionRepository.pageQuery(ctx, searchUser, 0, 20),
                        () -> repository.find(searchUser, 0, 20));
                explain(
                        st,
                        ctx,
                        "search 'user1234', count",
                        PostgresSessionRepository.countQuery(ctx, searchUser),
                        () -> repository.count(searchUser));
                explain(
                        st,
                        ctx,
                        "search '10.0.4.210', first page",
                        PostgresSessionRepository.pageQuery(ctx, searchIp, 0, 20),
                        () -> repository.find(searchIp, 0, 20));
                c.setAutoCommit(false);
                explain(
                        st,
                        ctx,
                        "stale cleanup: pick 5,000 (one tenant; all tenants is one such scan per tenant)",
                        PostgresSessionRepository.pick(
                                ctx,
                                PostgresSessionRepository.stale(ACME, now.minus(Duration.ofHours(24))),
                                SESSIONS.START_TIME,
                                5_000),
                        null);
                explain(
                        st,
                        ctx,
                        "Accounting-On: pick 5,000 of one NAS",
                        PostgresSessionRepository.pick(
                                ctx, PostgresSessionRepository.openOfNas(nas7, now), null, 5_000),
                        null);
                c.rollback();
                c.setAutoCommit(true);

                hotUpdates(st, ctx, url, user, password, "without an index on last_update", 0);
                st.execute(
                        "CREATE INDEX sessions_open_last_update_idx ON sessions (last_update) WHERE stop_time IS NULL");
                hotUpdates(st, ctx, url, user, password, "with an index on last_update", 20_000);
                st.execute("DROP INDEX sessions_open_last_update_idx");
            }
        } finally {
            if (embedded != null) {
                embedded.close();
                TestDatabase.deleteRecursively(directory);
            }
        }
    }

    private static void explain(Statement st, DSLContext ctx, String title, Query query, Supplier<?> run)
            throws Exception {
        String sql = ctx.renderInlined(query);
        System.out.println();
        System.out.println("### " + title);
        System.out.println(sql);
        print(st, "EXPLAIN (ANALYZE, BUFFERS) " + sql);
        if (run != null) {
            for (int i = 0; i < 10; i++) {
                run.get();
            }
            long[] times = new long[25];
            for (int i = 0; i < times.length; i++) {
                long t0 = System.nanoTime();
                run.get();
                times[i] = System.nanoTime() - t0;
            }
            Arrays.sort(times);
            System.out.printf(
                    "through the repository, warm: median %.2f ms, min %.2f ms%n",
                    times[times.length / 2] / 1e6, times[0] / 1e6);
        }
    }

    /** Interim updates (counters and last update) of 20,000 open sessions, in batches of 500 as the service writes. */
    private static void hotUpdates(
            Statement st, DSLContext ctx, String url, String user, String password, String title, int skip)
            throws Exception {
        List<Session> open = ctx.selectFrom(SESSIONS)
                .where(SESSIONS.TENANT_ID.eq("acme"))
                .and(SESSIONS.STOP_TIME.isNull())
                .orderBy(SESSIONS.ID)
                .offset(skip)
                .limit(20_000)
                .fetch(SessionMapper::toSession);
        long[] before = hotCounters(st);
        // Its own pool, closed at the end: a closing backend flushes its statistics at once.
        HikariDataSource writerPool = DataSources.withoutTimeouts(url, user, password, 2, "hot-writer");
        PostgresSessionRepository repository = new PostgresSessionRepository(writerPool);
        long t0 = System.nanoTime();
        Instant seen = Instant.now();
        for (int from = 0; from < open.size(); from += 500) {
            List<Session> batch = new ArrayList<>();
            Set<SessionKey> keys = new LinkedHashSet<>();
            for (Session s : open.subList(from, Math.min(open.size(), from + 500))) {
                Usage u = s.usage();
                batch.add(TestSessions.of(s)
                        .usage(new Usage(
                                u.downloadOctets() + 1_000_000,
                                u.uploadOctets() + 100_000,
                                u.downloadPackets() + 1_000,
                                u.uploadPackets() + 100))
                        .lastUpdate(seen.isAfter(s.lastUpdate()) ? seen : s.lastUpdate())
                        .sessionTime(s.sessionTimeSeconds() + 300)
                        .build());
                keys.add(s.key());
            }
            repository.writeAtomically(keys, writes -> {
                writes.saveAll(batch);
                return null;
            });
        }
        double elapsed = seconds(t0);
        writerPool.close();
        Thread.sleep(1_000);
        long[] after = hotCounters(st);
        long updates = after[0] - before[0];
        long hot = after[1] - before[1];
        System.out.println();
        System.out.printf(
                "### interim updates %s: %,d rows in %.1f s (%,.0f rows/s, fsync %s), HOT %,d of %,d (%.0f %%)%n",
                title,
                open.size(),
                elapsed,
                open.size() / elapsed,
                setting(st, "fsync"),
                hot,
                updates,
                updates == 0 ? 0.0 : 100.0 * hot / updates);
    }

    private static long[] hotCounters(Statement st) throws Exception {
        st.execute("SELECT pg_stat_force_next_flush()");
        try (ResultSet rs = st.executeQuery(
                "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'sessions'")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    private static String setting(Statement st, String name) throws Exception {
        try (ResultSet rs = st.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void print(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    if (i > 1) {
                        line.append(" | ");
                    }
                    line.append(rs.getString(i));
                }
                System.out.println(line);
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
