package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.AcctStatusType;
import io.sessionkeeper.domain.model.ConcurrencyTotals;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasPulse;
import io.sessionkeeper.domain.model.PeakTimes;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.model.UsageRanking;
import io.sessionkeeper.domain.port.in.PeakTimesUseCase;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.service.AccountingPolicy;
import io.sessionkeeper.domain.service.AccountingService;
import io.sessionkeeper.domain.service.AnalyticsService;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.InMemoryCustomerDirectory;
import io.sessionkeeper.domain.testing.InMemorySessionAnalytics;
import io.sessionkeeper.domain.testing.InMemorySessionRepository;
import io.sessionkeeper.domain.testing.MutableClock;
import io.sessionkeeper.domain.testing.TopUsersScenario;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The concurrency roll-up and the reads of analytics on PostgreSQL: after every run the roll-ups hold exactly what a
 * computation over all sessions gives (the in-memory analytics, open sessions to the run's time), whatever changed
 * between runs; the NAS's packets per minute and Accounting-On/Off from the accounting path.
 */
class AnalyticsPersistenceTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private final TestDatabase database = TestDatabase.get();
    private final PostgresSessionRepository repository = new PostgresSessionRepository(database.dataSource());
    private final PostgresNasDirectory nasDirectory =
            new PostgresNasDirectory(database.dataSource(), TestDatabase.CIPHER);
    private final PostgresSessionAnalytics analytics = new PostgresSessionAnalytics(database.dataSource());
    private final ConcurrencyRollup rollup = new ConcurrencyRollup(database.dataSource());
    private final InMemorySessionRepository mirror = new InMemorySessionRepository();
    private final MutableClock clock = MutableClock.at("2026-03-31T10:00:00Z");
    private final InMemorySessionAnalytics expected = new InMemorySessionAnalytics(mirror, clock);
    private final Nas main = Fixtures.nas("Main", "192.0.2.160");
    private final Nas branch = Fixtures.nas("Branch", "192.0.2.161");
    private int serial;

    @BeforeEach
    void empty() {
        database.truncate();
        nasDirectory.save(main);
        nasDirectory.save(branch);
    }

    /** Saves to PostgreSQL and to the in-memory mirror the expected figures are computed from. */
    private void save(Session... sessions) {
        repository.writeAtomically(Set.of(), w -> {
            w.saveAll(List.of(sessions));
            return null;
        });
        mirror.writeAtomically(Set.of(), w -> {
            w.saveAll(List.of(sessions));
            return null;
        });
    }

    private void close(Session session, Instant at) {
        repository.close(TENANT, session.id(), at, TerminateCause.STALE_SESSION_CLEANUP);
        mirror.close(TENANT, session.id(), at, TerminateCause.STALE_SESSION_CLEANUP);
    }

    private Session session(Nas nas, String start, String stop) {
        var builder = Fixtures.session(nas).acctSessionId("p" + serial++).start(Instant.parse(start));
        if (stop != null) {
            builder.stopped(Instant.parse(stop), TerminateCause.ADMIN_TERMINATE);
        } else {
            builder.lastUpdate(Instant.parse(start));
        }
        return builder.build();
    }

    private Session session(Nas nas, Instant start, Instant stop) {
        var builder = Fixtures.session(nas).acctSessionId("p" + serial++).start(start);
        if (stop != null) {
            builder.stopped(stop, TerminateCause.ADMIN_TERMINATE);
        } else {
            builder.lastUpdate(start);
        }
        return builder.build();
    }

    private ConcurrencyRollup.Result runAt(String now) {
        clock.set(Instant.parse(now));
        return rollup.run(clock.instant());
    }

    /** The roll-ups of each NAS and of the tenant equal the computation over all sessions, quarter by quarter. */
    private void assertRollupsMatchTheSessions(Instant from, Instant to) {
        for (var nas : new Nas[] {main, branch, null}) {
            ConcurrencyTotals stored = analytics.concurrency(TENANT, nas == null ? null : nas.id(), from, to);
            ConcurrencyTotals wanted = expected.concurrency(TENANT, nas == null ? null : nas.id(), from, to);
            assertThat(stored.millis()).as(nas == null ? "tenant" : nas.name()).isEqualTo(wanted.millis());
            assertThat(stored.countedUntil()).isEqualTo(clock.instant());
        }
    }

    @Test
    void aSpringForwardWindowGivesTheExactHeatmapFromTheRollups() {
        save(
                session(main, "2026-03-27T22:30:00Z", "2026-03-27T23:30:00Z"),
                session(main, "2026-03-28T01:00:00Z", "2026-03-28T02:00:00Z"),
                session(main, "2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z"),
                session(main, "2026-03-30T00:00:00Z", "2026-03-30T00:30:00Z"),
                session(main, "2026-03-30T20:00:00Z", null));
        // two runs: history (backfill) and the open session counted to each run's time
        runAt("2026-03-31T09:00:00Z");
        runAt("2026-03-31T10:00:00Z");
        for (int i = 0; i < 5; i++) {
            runAt("2026-03-31T10:0" + (i + 1) + ":00Z");
        }
        AnalyticsService service = new AnalyticsService(
                analytics,
                new PostgresMultiDeviceFindings(database.dataSource()),
                repository,
                nasDirectory,
                new InMemoryCustomerDirectory(),
                new PostgresTenantDirectory(database.dataSource()),
                clock);

        PeakTimes peak = service.peakTimes(new PeakTimesUseCase.Query(TENANT, 4, BERLIN, null));

        assertThat(peak.byHour().get(0)).isEqualTo(0.125);
        assertThat(peak.byHour().get(1)).isEqualTo(0.125);
        assertThat(peak.byHour().get(2)).isEqualTo(0.5);
        assertThat(peak.byHour().get(3)).isEqualTo(0.125);
        assertThat(peak.byHour().get(22)).isEqualTo(0.25);
        assertThat(peak.byHour().get(23)).isEqualTo(0.375);
        assertThat(peak.byHour().stream().mapToDouble(Double::doubleValue).sum())
                .isEqualTo(1.5);
        assertRollupsMatchTheSessions(Instant.parse("2026-03-26T00:00:00Z"), Instant.parse("2026-03-31T12:00:00Z"));
    }

    @Nested
    class Runs {
        final Instant from = Instant.parse("2026-03-30T00:00:00Z");
        final Instant to = Instant.parse("2026-04-01T00:00:00Z");

        @Test
        void everyRunLeavesExactlyTheSessionTimeOfAllSessionsWhateverChangedBetweenRuns() {
            Session open = session(main, "2026-03-31T08:10:00Z", null);
            Session staleLater = session(branch, "2026-03-31T08:20:00Z", null);
            save(open, staleLater, session(main, "2026-03-31T07:00:00Z", "2026-03-31T07:40:00Z"));
            runAt("2026-03-31T09:00:00Z");
            assertRollupsMatchTheSessions(from, to);

            // between runs: one open session stops, a short one comes and goes, one is closed back in time (stale
            // clean-up at its last accounting, before the last run), one arrives late and already closed
            close(open, Instant.parse("2026-03-31T09:20:00Z"));
            close(staleLater, Instant.parse("2026-03-31T08:35:00Z"));
            save(
                    session(main, "2026-03-31T09:05:00Z", "2026-03-31T09:12:00Z"),
                    session(branch, "2026-03-31T07:30:00Z", "2026-03-31T08:30:00Z"),
                    session(branch, "2026-03-31T09:40:00Z", null));
            ConcurrencyRollup.Result second = runAt("2026-03-31T10:00:00Z");
            assertRollupsMatchTheSessions(from, to);
            assertThat(second.sessionsChanged()).isEqualTo(5);

            // the same time again: nothing changes; later: the open one grows by exactly the time between
            ConcurrencyRollup.Result again = rollup.run(clock.instant());
            assertThat(again.hourRows()).isZero();
            assertRollupsMatchTheSessions(from, to);
            runAt("2026-03-31T10:07:30Z");
            assertRollupsMatchTheSessions(from, to);
            assertThat(analytics.concurrency(TENANT, branch.id(), from, to).at(Instant.parse("2026-03-31T10:00:00Z")))
                    .isEqualTo(Duration.ofSeconds(450).toMillis());
        }

        @Test
        void theHistoryBeforeTheFirstRunIsBackfilledOnceAndAnOldOpenSessionIsNotCountedTwice() {
            Session oldOpen = session(main, "2026-03-28T06:00:00Z", null);
            save(
                    oldOpen,
                    session(main, "2026-03-29T10:00:00Z", "2026-03-29T12:00:00Z"),
                    session(branch, "2026-03-27T23:00:00Z", "2026-03-28T01:00:00Z"));
            runAt("2026-03-31T10:00:00Z");
            close(oldOpen, Instant.parse("2026-03-31T10:10:00Z"));
            for (int i = 1; i <= 6; i++) {
                runAt("2026-03-31T1" + i + ":00:00Z");
            }

            assertRollupsMatchTheSessions(Instant.parse("2026-03-26T00:00:00Z"), to);
            assertThat(count("SELECT count(*) FROM concurrency_tracked WHERE counted_to IS NULL"))
                    .isZero();
        }

        /**
         * A run holds a few sessions and hour rows at a time (issue 16's round held every open session and ran a 256 MB
         * heap out at 500,000): with bounds of three sessions and two hours, every read, write and hour flushes many
         * times in each run, and the roll-ups still equal the computation over all sessions after every run.
         */
        @Test
        void runsThatHoldAFewRowsAtATimeLeaveTheRollupsExact() {
            ConcurrencyRollup small = new ConcurrencyRollup(database.dataSource(), 3, 2);
            Random random = new Random(16);
            Instant now = Instant.parse("2026-03-31T10:00:00Z");
            List<Session> open = new ArrayList<>();
            // before the first run: open sessions from any time, closed ones within the backfill's first day
            for (int i = 0; i < 40; i++) {
                Instant start = now.minusSeconds(random.nextInt(25 * 3600));
                Nas nas = random.nextBoolean() ? main : branch;
                if (random.nextInt(10) < 4) {
                    open.add(session(nas, start, null));
                    save(open.get(open.size() - 1));
                } else {
                    Instant stop = start.plusSeconds(60 + random.nextInt(3 * 3600));
                    save(session(nas, start, stop.isBefore(now) ? stop : now.minusSeconds(1)));
                }
            }
            for (int round = 0; round < 6; round++) {
                clock.set(now);
                ConcurrencyRollup.Result result = small.run(now);
                assertRollupsMatchTheSessions(from, to);
                assertThat(result.sessionsSeen()).isGreaterThanOrEqualTo(open.size());

                // between runs: some open sessions close (some back to before this run), new ones come within the
                // reach, open or already closed
                Instant next = now.plusSeconds(300 + random.nextInt(2400));
                for (Session session : List.copyOf(open)) {
                    if (random.nextInt(3) == 0) {
                        Instant from = session.startTime().isAfter(now.minusSeconds(1800))
                                ? session.startTime()
                                : now.minusSeconds(1800);
                        close(session, from.plusSeconds(random.nextInt((int)
                                Duration.between(from, next).toSeconds())));
                        open.remove(session);
                    }
                }
                for (int i = 0; i < 8; i++) {
                    Instant start = now.minusSeconds(3600).plusSeconds(random.nextInt((int)
                            Duration.between(now.minusSeconds(3600), next).toSeconds()));
                    Nas nas = random.nextBoolean() ? main : branch;
                    if (random.nextBoolean()) {
                        open.add(session(nas, start, null));
                        save(open.get(open.size() - 1));
                    } else {
                        long room = Duration.between(start, next).toSeconds();
                        save(session(nas, start, start.plusSeconds(room <= 1 ? 0 : random.nextInt((int) room))));
                    }
                }
                now = next;
            }
            clock.set(now);
            small.run(now);
            assertRollupsMatchTheSessions(from, to);
            assertThat(count("SELECT count(*) FROM concurrency_tracked WHERE counted_to IS NULL"))
                    .isEqualTo(open.size());
        }

        @Test
        void aSessionFirstSeenClosedThatBeganBeyondTheReachIsNotCounted() {
            runAt("2026-03-31T09:00:00Z");
            // a Stop without any earlier packet, of a session that began five hours before: the documented limit
            save(session(main, "2026-03-31T04:00:00Z", "2026-03-31T09:30:00Z"));
            runAt("2026-03-31T10:00:00Z");

            assertThat(analytics.concurrency(TENANT, null, from, to).millis()).containsOnly(0L);
        }
    }

    @Test
    void accountingCountsPacketsPerNasAndMinuteAndKeepsTheLastAccountingOnAndOff() {
        AccountingService accounting = new AccountingService(repository, AccountingPolicy.DEFAULT);
        Instant t = Instant.parse("2026-03-31T09:00:00Z");
        track(accounting, Fixtures.start(main, "alice", "A1", t), Fixtures.start(main, "bob", "B1", t));
        track(
                accounting,
                Fixtures.interim(main, "alice", "A1", t.plusSeconds(60), 60),
                Fixtures.start(branch, "eve", "E1", t));
        track(accounting, Fixtures.event(branch, AcctStatusType.ACCOUNTING_ON, "", "", t.plusSeconds(120)));

        Instant minuteNow = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        List<NasPulse> pulses = analytics.nasPulses(
                TENANT, List.of(main.id(), branch.id()), minuteNow.minusSeconds(120), minuteNow.plusSeconds(120));

        NasPulse mainPulse = pulses.stream()
                .filter(p -> p.nasId().equals(main.id()))
                .findFirst()
                .orElseThrow();
        NasPulse branchPulse = pulses.stream()
                .filter(p -> p.nasId().equals(branch.id()))
                .findFirst()
                .orElseThrow();
        assertThat(mainPulse.minutes().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(3);
        assertThat(branchPulse.minutes().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(1);
        assertThat(mainPulse.lastAccounting()).isNotNull();
        assertThat(mainPulse.lastAccountingOn()).isNull();
        assertThat(branchPulse.lastAccountingOn()).isEqualTo(t.plusSeconds(120));
        assertThat(branchPulse.lastAccountingOff()).isNull();
        assertThat(analytics.nasPulses(
                        Fixtures.OTHER_TENANT,
                        List.of(main.id()),
                        minuteNow.minusSeconds(120),
                        minuteNow.plusSeconds(120)))
                .allSatisfy(p -> {
                    assertThat(p.lastAccounting()).isNull();
                    assertThat(p.minutes()).isEmpty();
                });
    }

    /**
     * Multi-device candidates on PostgreSQL as in memory: a user's open sessions however old they are, its sessions
     * started in the window, none of its history before; locally administered MACs never make a MANY_MACS candidate.
     */
    @Test
    void multiDeviceCandidatesAreTheOpenSessionsAndTheWindowsWithoutTheHistory() {
        clock.set(Instant.parse("2026-03-31T10:00:00Z"));
        Instant windowStart = Instant.parse("2026-03-30T10:00:00Z");
        save(
                // two open sessions, one of them 20 days old; and a closed one of 10 days ago, outside the window
                device("amy", "00:11:22:00:00:01", "2026-03-11T08:00:00Z", null),
                device("amy", "00:11:22:00:00:02", "2026-03-31T09:00:00Z", null),
                device("amy", "00:11:22:00:00:03", "2026-03-21T08:00:00Z", "2026-03-21T09:00:00Z"),
                // three phones with random MACs (0x02 bit of the first octet) in the window: not a candidate
                device("rob", "02:aa:00:00:00:01", "2026-03-31T01:00:00Z", "2026-03-31T02:00:00Z"),
                device("rob", "06:aa:00:00:00:02", "2026-03-31T03:00:00Z", "2026-03-31T04:00:00Z"),
                device("rob", "0a:aa:00:00:00:03", "2026-03-31T05:00:00Z", "2026-03-31T06:00:00Z"),
                // three routers in the window: a candidate
                device("sam", "00:bb:00:00:00:01", "2026-03-31T01:00:00Z", "2026-03-31T02:00:00Z"),
                device("sam", "04:bb:00:00:00:02", "2026-03-31T03:00:00Z", "2026-03-31T04:00:00Z"),
                device("sam", "08:bb:00:00:00:03", "2026-03-31T05:00:00Z", "2026-03-31T06:00:00Z"));

        List<String> users = analytics.multiDeviceCandidates(TENANT, windowStart, 3, 10);
        assertThat(users)
                .containsExactly("amy", "sam")
                .isEqualTo(expected.multiDeviceCandidates(TENANT, windowStart, 3, 10));
        assertThat(analytics.multiDeviceCandidates(TENANT, windowStart, 3, 1)).containsExactly("amy");
        List<String> stored = analytics.deviceSessions(TENANT, users, windowStart, 200).stream()
                .map(d -> d.username() + " " + d.mac().value() + " " + d.startTime())
                .sorted()
                .toList();
        List<String> wanted = expected.deviceSessions(TENANT, users, windowStart, 200).stream()
                .map(d -> d.username() + " " + d.mac().value() + " " + d.startTime())
                .sorted()
                .toList();

        assertThat(stored)
                .containsExactly(
                        "amy 00:11:22:00:00:01 2026-03-11T08:00:00Z",
                        "amy 00:11:22:00:00:02 2026-03-31T09:00:00Z",
                        "sam 00:BB:00:00:00:01 2026-03-31T01:00:00Z",
                        "sam 04:BB:00:00:00:02 2026-03-31T03:00:00Z",
                        "sam 08:BB:00:00:00:03 2026-03-31T05:00:00Z")
                .isEqualTo(wanted);
    }

    private Session device(String user, String mac, String start, String stop) {
        var builder = Fixtures.session(main)
                .acctSessionId("d" + serial++)
                .username(user)
                .mac(mac)
                .start(Instant.parse(start));
        if (stop != null) {
            builder.stopped(Instant.parse(stop), TerminateCause.ADMIN_TERMINATE);
        } else {
            builder.lastUpdate(Instant.parse("2026-03-31T09:55:00Z"));
        }
        return builder.build();
    }

    /**
     * Top users from the usage roll-ups, rolled from the samples by the usage job: the exact figures of {@link
     * TopUsersScenario}, and the same as the in-memory computation from the samples, whether a window's part is read
     * from customer days, session hours or their quarters.
     */
    @Nested
    class TopUsersFromTheRollups {
        private final TopUsersScenario scenario = new TopUsersScenario(main);

        @BeforeEach
        void rolled() {
            repository.writeAtomically(Set.of(), w -> {
                w.saveAll(scenario.sessions());
                w.appendSamples(scenario.samples());
                return null;
            });
            mirror.writeAtomically(Set.of(), w -> {
                w.saveAll(scenario.sessions());
                w.appendSamples(scenario.samples());
                return null;
            });
            database.foldSamples();
            clock.set(TopUsersScenario.NOW);
            database.execute("UPDATE usage_rollup_state SET claimed_until = '2026-03-20 00:00+00',"
                    + " rolled_until = '2026-03-20 00:00+00'");
            new UsageRollups(database.dataSource()).run(TopUsersScenario.NOW, Duration.ofMinutes(5), 2_000);
        }

        private List<String> ranked(UsageRanking ranking) {
            return ranking.users().stream()
                    .map(u -> u.username() + ":" + u.downloadBytes() + "+" + u.uploadBytes() + ":" + u.sessions())
                    .toList();
        }

        private List<String> both(String from, Instant to) {
            UsageRanking stored = analytics.topUsers(TENANT, Instant.parse(from), to, 10);
            UsageRanking wanted = expected.topUsers(TENANT, Instant.parse(from), to, 10);
            assertThat(ranked(stored)).isEqualTo(ranked(wanted));
            assertThat(stored.countedUntil()).isEqualTo(wanted.countedUntil());
            return ranked(stored);
        }

        @Test
        void windowsWithinADayAreReadFromTheSessionHoursToTheQuarter() {
            // Berlin's midnight: alice's second hour only; Kathmandu's (18:15): carol's second quarter only
            assertThat(both("2026-03-30T22:00:00Z", TopUsersScenario.NOW))
                    .containsExactly("bob:1000+0:1", "alice:600+60:1");
            assertThat(both("2026-03-30T18:15:00Z", TopUsersScenario.NOW))
                    .containsExactly("alice:1200+120:1", "bob:1000+0:1", "carol:150+15:1");
        }

        @Test
        void longerWindowsAddTheCustomerDaysBetweenTheirEdges() {
            // 7 days from the quarter of 10:20: dave's 45 minutes after 10:15, the days of 25-30 March, then today
            assertThat(both("2026-03-24T10:15:00Z", TopUsersScenario.NOW))
                    .containsExactly("alice:1200+120:1", "bob:1000+0:1", "dave:750+0:1", "carol:300+30:1");
            assertThat(both("2026-03-01T10:15:00Z", TopUsersScenario.NOW))
                    .containsExactly(
                            "erin:5000+0:1", "dave:2000+0:1", "alice:1200+120:1", "bob:1000+0:1", "carol:300+30:1");
            // the whole days read: erin's 20th, dave's 24th, alice's and carol's 30th (the 31st is not whole yet)
            assertThat(count("SELECT count(*) FROM usage_customer_days")).isEqualTo(4);
        }

        @Test
        void trafficIsCountedUpToTheLastRolledHour() {
            database.execute("UPDATE usage_rollup_state SET rolled_until = '2026-03-31 08:00+00'");

            UsageRanking stored =
                    analytics.topUsers(TENANT, Instant.parse("2026-03-30T22:00:00Z"), TopUsersScenario.NOW, 10);

            assertThat(stored.countedUntil()).isEqualTo("2026-03-31T08:00:00Z");
            // bob: 500, then 6 of the 7.5 hours of 02:00-09:30 (320 of 400)
            assertThat(ranked(stored)).containsExactly("bob:820+0:1", "alice:600+60:1");
            assertThat(ranked(stored))
                    .isEqualTo(ranked(expected.topUsers(
                            TENANT, Instant.parse("2026-03-30T22:00:00Z"), Instant.parse("2026-03-31T08:00:00Z"), 10)));
        }
    }

    private static void track(AccountingService accounting, AccountingEvent.Builder... events) {
        accounting.track(new TrackAccountingCommand(java.util.Arrays.stream(events)
                .map(AccountingEvent.Builder::build)
                .toList()));
    }

    private long count(String sql) {
        try (Connection connection = database.dataSource().getConnection();
                Statement st = connection.createStatement();
                ResultSet rows = st.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
