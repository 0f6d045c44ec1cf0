package io.sessionkeeper.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Ipv6Assignment;
import io.sessionkeeper.domain.model.Ipv6Prefix;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionKey;
import io.sessionkeeper.domain.model.Usage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The IPv6 columns of V27 keep interims HOT (no index entry written) whether an interim repeats a session's IPv6
 * address and prefixes or carries none: their partial indexes see the same values. Only a new prefix costs an index
 * entry (and that update is not HOT), which shows the count can tell the two apart.
 */
class SessionIpv6HotUpdateTest {
    private static final Instant T0 = Instant.parse("2026-01-04T09:00:00Z");
    private final TestDatabase database = TestDatabase.get();

    @BeforeEach
    void emptyTables() {
        database.truncate();
    }

    private static Ipv6Assignment v6(int i, String delegatedLength) {
        return new Ipv6Assignment(
                IpAddress.parse("2001:db8::" + Integer.toHexString(i + 1)),
                Ipv6Prefix.parse("prefix", "2001:db8:1:" + Integer.toHexString(i) + "::/64"),
                Ipv6Prefix.parse("prefix", "2001:db8:" + Integer.toHexString(0x100 + i) + "::" + delegatedLength));
    }

    /** Writes in a pool of its own, closed at the end: a closing backend flushes its statistics at once. */
    private void write(List<Session> sessions) {
        try (HikariDataSource pool = database.newPool("ipv6-hot", 1, null)) {
            PostgresSessionRepository repository = new PostgresSessionRepository(pool);
            Set<SessionKey> keys = new LinkedHashSet<>();
            sessions.forEach(s -> keys.add(s.key()));
            repository.writeAtomically(keys, writes -> {
                writes.saveAll(sessions);
                return null;
            });
        }
    }

    /** n_tup_upd and n_tup_hot_upd of sessions once {@code updates} more updates than {@code before} are counted. */
    private long[] countersAfter(long[] before, long updates) throws Exception {
        long[] now = counters();
        for (int i = 0; i < 100 && now[0] - before[0] < updates; i++) {
            Thread.sleep(100);
            now = counters();
        }
        return now;
    }

    private long[] counters() throws Exception {
        try (Connection c = database.dataSource().getConnection();
                Statement st = c.createStatement()) {
            st.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = st.executeQuery("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables"
                    + " WHERE relname = 'sessions' AND schemaname = current_schema()")) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private static List<Session> interims(List<Session> sessions, Function<Integer, Ipv6Assignment> ipv6, int step) {
        List<Session> next = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            Session s = sessions.get(i);
            Usage u = s.usage();
            next.add(TestSessions.of(s)
                    .ipv6(ipv6.apply(i))
                    .lastUpdate(T0.plusSeconds(300L * step))
                    .sessionTime(300L * step)
                    .usage(new Usage(u.downloadOctets() + 1_000, u.uploadOctets() + 100, 0, 0))
                    .build());
        }
        return next;
    }

    @Test
    void interimsRepeatingOrOmittingTheIpv6ValuesAreHotAndOnlyANewPrefixWritesAnIndexEntry() throws Exception {
        List<Session> started = new ArrayList<>();
        // six rows on one page, with room on it for their next versions: an update that is not HOT then has no
        // other cause than an indexed value (with twenty, a full page made 7 of 20 updates non-HOT whatever the values)
        for (int i = 0; i < 6; i++) {
            started.add(TestSessions.session()
                    .acctSessionId("V6-" + i)
                    .username("dual" + i)
                    .start(T0)
                    .lastUpdate(T0)
                    .ipv6(v6(i, "/56"))
                    .build());
        }
        write(started);
        long[] before = countersAfter(new long[] {0, 0}, 0);

        List<Session> repeating = interims(started, i -> i % 2 == 0 ? v6(i, "/56") : Ipv6Assignment.NONE, 1);
        write(repeating);
        long[] afterRepeating = countersAfter(before, 6);

        assertThat(afterRepeating[0] - before[0]).as("updates").isEqualTo(6);
        assertThat(afterRepeating[1] - before[1]).as("HOT updates").isEqualTo(6);

        write(interims(repeating.subList(0, 1), i -> v6(i, "/48"), 2));
        long[] afterNewPrefix = countersAfter(afterRepeating, 1);

        assertThat(afterNewPrefix[0] - afterRepeating[0]).as("updates").isEqualTo(1);
        assertThat(afterNewPrefix[1] - afterRepeating[1])
                .as("a new delegated prefix changes an indexed value")
                .isZero();
    }
}
