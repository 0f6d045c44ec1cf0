package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.RecordingDataSource.recording;
import static io.sessionkeeper.adapter.persistence.TestSessions.T0;
import static io.sessionkeeper.adapter.persistence.TestSessions.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Ipv6Assignment;
import io.sessionkeeper.domain.model.Ipv6Prefix;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionKey;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.model.Usage;
import io.sessionkeeper.domain.port.out.PreparedWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The accounting units' memory of the sessions they wrote ({@link WrittenSessions}, ADR 57) on the real database: an
 * interim of a session this instance wrote is not read; what the memory answers is what the rows answer; a row
 * changed behind the memory makes the unit run again from the rows, and the outcome is the one without memory; a
 * unit rolled back, and a session stopped, teach the memory nothing.
 */
class WrittenSessionsWriteTest {
    /** A text of {@code LATEST_OF_KEYS}, the unit's read by key. */
    private static final String READ_BY_KEY = "WHERE sessions.session_key = k.session_key";

    private final TestDatabase database = TestDatabase.get();
    private final List<String> statements = new ArrayList<>();
    private final PostgresSessionRepository repository =
            new PostgresSessionRepository(recording(database.dataSource(), statements));

    @BeforeEach
    void emptyTables() {
        database.truncate();
    }

    private static Session start(String acctSessionId) {
        return session()
                .acctSessionId(acctSessionId)
                .username("memory-" + acctSessionId)
                .framedIp("100.64.7.1")
                .mac("AA:BB:CC:00:11:22")
                .calledStationId("hotspot-1")
                .hostIp("10.0.0.1")
                .rateLimit("10M/10M")
                .interimInterval(Duration.ofMinutes(5))
                .start(T0)
                .lastUpdate(T0)
                .usage(1_000, 100)
                .sessionTime(0)
                .build();
    }

    /** One committed unit: reads the key, and saves what {@code next} makes of the session it found. */
    private Session unit(SessionKey key, java.util.function.UnaryOperator<Session> next) {
        return repository.writeAtomically(Set.of(key), writes -> {
            Session found = writes.findLatest(Set.of(key)).get(key);
            Session saved = next.apply(found);
            writes.saveAll(List.of(saved));
            return found;
        });
    }

    private static Session interim(Session stored, int minutes) {
        return stored.mergedWith(TestSessions.of(stored)
                .lastUpdate(T0.plusSeconds(60L * minutes))
                .usage(new Usage(1_000L * minutes, 100L * minutes, 10L * minutes, minutes))
                .sessionTime(60L * minutes)
                .build());
    }

    private long readsByKey() {
        return statements.stream().filter(sql -> sql.contains(READ_BY_KEY)).count();
    }

    @Test
    void anInterimOfASessionThisInstanceWroteIsNotReadAndIsWrittenAsWithoutMemory() {
        Session start = start("M-1");
        unit(start.key(), found -> start);
        long readsAfterStart = readsByKey();

        Session first = unit(start.key(), stored -> interim(stored, 5));
        Session second = unit(start.key(), stored -> interim(stored, 10));

        assertThat(readsByKey()).as("no read by key after the Start").isEqualTo(readsAfterStart);
        assertThat(repository.accountingMemory().hits()).isEqualTo(2);
        assertThat(repository.accountingMemory().sessions()).isEqualTo(1);
        assertThat(repository.accountingMemory().outdatedUnits()).isZero();
        assertThat(first).isEqualTo(start);
        assertThat(second.usage()).isEqualTo(new Usage(5_000, 500, 50, 5));
        Session stored = repository.findById(start.tenant(), start.id()).orElseThrow();
        assertThat(stored.usage()).isEqualTo(new Usage(10_000, 1_000, 100, 10));
        assertThat(stored.lastUpdate()).isEqualTo(T0.plusSeconds(600));
        assertThat(stored.sessionTimeSeconds()).isEqualTo(600);
    }

    /**
     * What the memory answers equals what a unit without it reads from the rows, column for column: addresses, IPv6,
     * the port, the interim interval, and an arrival instant with nanoseconds (cut to the store's microseconds).
     */
    @Test
    void whatTheMemoryAnswersIsWhatTheRowsAnswer() {
        Session start = TestSessions.of(start("M-2"))
                .start(T0.plusNanos(123_456_789))
                .lastUpdate(T0.plusNanos(123_456_789))
                .ipv6(new Ipv6Assignment(
                        IpAddress.parse("2001:db8::1"),
                        Ipv6Prefix.parse("prefix", "2001:db8:1::/64"),
                        Ipv6Prefix.parse("prefix", "2001:db8:100::/56")))
                .build();
        unit(start.key(), found -> start);
        unit(start.key(), stored -> interim(stored, 5));
        Session fromRows = new PostgresSessionRepository(database.dataSource())
                .writeAtomically(Set.of(start.key()), writes -> writes.findLatest(Set.of(start.key()))
                        .get(start.key()));

        Session fromMemory = unit(start.key(), stored -> interim(stored, 10));

        assertThat(readsByKey())
                .as("the Start's unit and the first interim's read (a start with nanoseconds is not remembered)")
                .isEqualTo(2);
        assertThat(fromMemory).isEqualTo(fromRows);
        assertThat(fromMemory.startTime()).isEqualTo(T0.plusNanos(123_456_000));
        assertThat(fromMemory.usage()).isEqualTo(new Usage(5_000, 500, 50, 5));
        assertThat(fromMemory.ipv6().delegatedPrefix()).isNotNull();
        assertThat(fromMemory.port().hostIp()).isNotNull();
    }

    @Test
    void aRowChangedBehindTheMemoryMakesTheUnitRunAgainFromTheRows() {
        Session start = start("M-3");
        unit(start.key(), found -> start);
        database.execute("UPDATE sessions SET rate_limit = '20M/20M' WHERE acct_session_id = 'M-3'");
        AtomicInteger runs = new AtomicInteger();
        long readsBefore = readsByKey();

        Session found = unit(start.key(), stored -> {
            runs.incrementAndGet();
            return interim(stored, 5);
        });

        assertThat(runs).as("once from memory, once from the rows").hasValue(2);
        assertThat(repository.accountingMemory().outdatedUnits()).isEqualTo(1);
        assertThat(readsByKey()).isEqualTo(readsBefore + 1);
        assertThat(found.rateLimit()).as("the second run read the row").isEqualTo("20M/20M");
        Session stored = repository.findById(start.tenant(), start.id()).orElseThrow();
        assertThat(stored.rateLimit()).isEqualTo("20M/20M");
        assertThat(stored.usage()).isEqualTo(new Usage(5_000, 500, 50, 5));
    }

    /** A Stop of a remembered session goes through the merge, which checks the row's version as well. */
    @Test
    void aStopOfASessionClosedBehindTheMemoryKeepsTheServicesClose() {
        Session start = start("M-4");
        unit(start.key(), found -> start);
        database.execute("UPDATE sessions SET stop_time = '" + T0.plusSeconds(120)
                + "', terminate_cause = 'Stale-Session-Cleanup', terminated_by = 'service'"
                + " WHERE acct_session_id = 'M-4'");
        AtomicInteger runs = new AtomicInteger();

        unit(start.key(), stored -> {
            runs.incrementAndGet();
            return stored.mergedWith(TestSessions.of(stored)
                    .lastUpdate(T0.plusSeconds(900))
                    .usage(9_000, 900)
                    .sessionTime(900)
                    .stopped(T0.plusSeconds(900), TerminateCause.fromRadius(1))
                    .build());
        });

        assertThat(runs).hasValue(2);
        Session stored = repository.findById(start.tenant(), start.id()).orElseThrow();
        assertThat(stored.stopTime()).isEqualTo(T0.plusSeconds(120));
        assertThat(stored.terminateCause()).isEqualTo(TerminateCause.STALE_SESSION_CLEANUP);
        assertThat(stored.usage().downloadOctets()).isEqualTo(9_000);
    }

    @Test
    void aUnitRolledBackTeachesTheMemoryNothing() {
        Session start = start("M-5");
        unit(start.key(), found -> start);
        PreparedWrite<Void> discarded = repository.prepare(Set.of(start.key()), writes -> {
            Session stored = writes.findLatest(Set.of(start.key())).get(start.key());
            writes.saveAll(List.of(interim(stored, 5)));
            return null;
        });
        discarded.close();
        long readsBefore = readsByKey();

        Session found = unit(start.key(), stored -> interim(stored, 10));

        assertThat(found)
                .as("the Start as committed, not the interim rolled back")
                .isEqualTo(start);
        assertThat(readsByKey())
                .as("the memory still had the Start, which the rows confirmed")
                .isEqualTo(readsBefore);
        assertThat(repository.findById(start.tenant(), start.id()).orElseThrow().usage())
                .isEqualTo(new Usage(10_000, 1_000, 100, 10));
    }

    @Test
    void aStoppedSessionIsForgotten() {
        Session start = start("M-6");
        unit(start.key(), found -> start);
        unit(
                start.key(),
                stored -> stored.mergedWith(TestSessions.of(stored)
                        .lastUpdate(T0.plusSeconds(60))
                        .stopped(T0.plusSeconds(60), TerminateCause.fromRadius(1))
                        .build()));
        long readsBefore = readsByKey();

        Session found = unit(start.key(), stored -> stored);

        assertThat(readsByKey()).isEqualTo(readsBefore + 1);
        assertThat(found.stopTime()).isEqualTo(T0.plusSeconds(60));
    }
}
