package io.sessionkeeper.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.port.out.SessionFilter;
import io.sessionkeeper.domain.service.AccountingPolicy;
import io.sessionkeeper.domain.service.AccountingService;
import io.sessionkeeper.domain.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two service instances (each its own repository and pool) record the same accounting at the same time, in
 * different orders, as when a NAS retransmits to a second server or two servers share a virtual address.
 */
class ConcurrentWritersTest {
    private static final int SESSIONS = 150;
    private static final int INTERIMS = 4;
    private static final int BATCH = 40;
    private static final Instant T0 = Fixtures.T0;

    private final TestDatabase database = TestDatabase.get();
    private final Nas nas = Fixtures.nas("Concurrent Router", "192.0.2.77");
    private HikariDataSource poolA;
    private HikariDataSource poolB;

    @BeforeEach
    void setUp() {
        database.truncate();
        new PostgresNasDirectory(database.dataSource(), TestDatabase.CIPHER).save(nas);
        poolA = database.newPool("writer-a", 4, null);
        poolB = database.newPool("writer-b", 4, null);
    }

    @AfterEach
    void closePools() {
        poolA.close();
        poolB.close();
    }

    @Test
    void twoInstancesWritingTheSameSessionsEndWithOneStoppedSessionPerKeyAtTheHighestCounters() throws Exception {
        List<AccountingEvent> events = accounting();
        List<AccountingEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(42));
        AccountingService instanceA =
                new AccountingService(new PostgresSessionRepository(poolA), AccountingPolicy.DEFAULT);
        AccountingService instanceB =
                new AccountingService(new PostgresSessionRepository(poolB), AccountingPolicy.DEFAULT);

        runTogether(List.of(() -> replay(instanceA, events), () -> replay(instanceB, shuffled), () -> {
            List<AccountingEvent> reversed = new ArrayList<>(events);
            Collections.reverse(reversed);
            replay(instanceA, reversed);
        }));

        PostgresSessionRepository reader = new PostgresSessionRepository(database.dataSource());
        List<Session> stored = reader.find(SessionFilter.all(nas.tenant()), 0, 1_000);
        assertThat(stored).hasSize(SESSIONS);
        Map<String, List<Session>> byAcctId = stored.stream().collect(Collectors.groupingBy(Session::acctSessionId));
        assertThat(byAcctId).hasSize(SESSIONS);
        for (int i = 0; i < SESSIONS; i++) {
            Session session = byAcctId.get(acctId(i)).get(0);
            assertThat(session.isActive()).as("stopped stays stopped").isFalse();
            assertThat(session.stopTime()).isEqualTo(stopTime(i));
            assertThat(session.terminateCause()).isEqualTo(TerminateCause.fromRadius(1));
            assertThat(session.startTime()).isEqualTo(startTime(i));
            assertThat(session.usage().downloadOctets()).isEqualTo(octets(i, INTERIMS + 1));
            assertThat(session.usage().uploadOctets()).isEqualTo(octets(i, INTERIMS + 1) / 2);
            assertThat(session.sessionTimeSeconds()).isEqualTo(300L * (INTERIMS + 1));
        }
        assertThat(reader.count(new SessionFilter(nas.tenant(), SessionStatusFilter.ACTIVE, null, null, null)))
                .isZero();
    }

    @Test
    void racingStartsAndInterimsNeverOpenTwoSessionsForOneKey() throws Exception {
        List<AccountingEvent> opens = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            opens.add(Fixtures.start(nas, user(i), acctId(i), startTime(i)).build());
            opens.add(interim(i, 1));
        }
        List<AccountingEvent> reversed = new ArrayList<>(opens);
        Collections.reverse(reversed);
        AccountingService instanceA =
                new AccountingService(new PostgresSessionRepository(poolA), AccountingPolicy.DEFAULT);
        AccountingService instanceB =
                new AccountingService(new PostgresSessionRepository(poolB), AccountingPolicy.DEFAULT);

        runTogether(List.of(() -> replay(instanceA, opens), () -> replay(instanceB, reversed)));

        PostgresSessionRepository reader = new PostgresSessionRepository(database.dataSource());
        List<Session> active =
                reader.find(new SessionFilter(nas.tenant(), SessionStatusFilter.ACTIVE, null, null, null), 0, 1_000);
        assertThat(active).hasSize(SESSIONS);
        assertThat(active.stream().map(Session::key).distinct()).hasSize(SESSIONS);
        assertThat(active).allSatisfy(s -> assertThat(s.usage().downloadOctets())
                .isEqualTo(octets(Integer.parseInt(s.acctSessionId().substring(4), 16), 1)));
    }

    private List<AccountingEvent> accounting() {
        List<AccountingEvent> events = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            events.add(Fixtures.start(nas, user(i), acctId(i), startTime(i)).build());
            for (int n = 1; n <= INTERIMS; n++) {
                events.add(interim(i, n));
            }
            events.add(Fixtures.stop(nas, user(i), acctId(i), stopTime(i), 300L * (INTERIMS + 1))
                    .outputOctets(low(octets(i, INTERIMS + 1)), high(octets(i, INTERIMS + 1)))
                    .inputOctets(low(octets(i, INTERIMS + 1) / 2), high(octets(i, INTERIMS + 1) / 2))
                    .terminateCause(1)
                    .build());
        }
        return events;
    }

    private AccountingEvent interim(int i, int n) {
        return Fixtures.interim(nas, user(i), acctId(i), startTime(i).plusSeconds(300L * n), 300L * n)
                .outputOctets(low(octets(i, n)), high(octets(i, n)))
                .inputOctets(low(octets(i, n) / 2), high(octets(i, n) / 2))
                .build();
    }

    private static void replay(AccountingService service, List<AccountingEvent> events) {
        for (int from = 0; from < events.size(); from += BATCH) {
            service.track(new TrackAccountingCommand(events.subList(from, Math.min(events.size(), from + BATCH))));
        }
    }

    private static void runTogether(List<Runnable> writers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> running = writers.stream()
                    .map(writer -> pool.submit(() -> {
                        go.await();
                        writer.run();
                        return null;
                    }))
                    .collect(Collectors.toList());
            go.countDown();
            for (Future<?> future : running) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String user(int i) {
        return "user" + i;
    }

    private static String acctId(int i) {
        return String.format("81AB%04X", i);
    }

    private static Instant startTime(int i) {
        return T0.plusSeconds(i);
    }

    private static Instant stopTime(int i) {
        return startTime(i).plusSeconds(300L * (INTERIMS + 1));
    }

    /** Crosses 2^32 from the second interim on, so gigawords are exercised. */
    private static long octets(int i, int n) {
        return n * 1_500_000_000L + i;
    }

    private static long low(long octets) {
        return octets & 0xFFFF_FFFFL;
    }

    private static long high(long octets) {
        return octets >>> 32;
    }
}
