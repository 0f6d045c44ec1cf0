package io.sessionkeeper.domain.service;

import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.model.MultiDeviceRule.Finding;
import io.sessionkeeper.domain.model.MultiDeviceRule.Reason;
import io.sessionkeeper.domain.model.MultiDeviceScan;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasHealth;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.PeakTimes;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionComparison;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.model.TopUsers;
import io.sessionkeeper.domain.port.in.MultiDeviceUseCase;
import io.sessionkeeper.domain.port.in.PeakTimesUseCase;
import io.sessionkeeper.domain.port.in.TopUsersUseCase;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.InMemoryCustomerDirectory;
import io.sessionkeeper.domain.testing.InMemoryMultiDeviceFindings;
import io.sessionkeeper.domain.testing.InMemoryNasDirectory;
import io.sessionkeeper.domain.testing.InMemorySessionAnalytics;
import io.sessionkeeper.domain.testing.InMemorySessionRepository;
import io.sessionkeeper.domain.testing.InMemoryTenantDirectory;
import io.sessionkeeper.domain.testing.MutableClock;
import io.sessionkeeper.domain.testing.TopUsersScenario;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AnalyticsServiceTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    final MutableClock clock = MutableClock.at("2026-03-31T10:00:00Z");
    final InMemorySessionRepository repository = new InMemorySessionRepository();
    final InMemoryNasDirectory nasDirectory = new InMemoryNasDirectory();
    final InMemoryCustomerDirectory customers = new InMemoryCustomerDirectory();
    final InMemorySessionAnalytics analytics = new InMemorySessionAnalytics(repository, clock);
    final InMemoryMultiDeviceFindings findings = new InMemoryMultiDeviceFindings(repository, nasDirectory);
    final AnalyticsService service = new AnalyticsService(
            analytics, findings, repository, nasDirectory, customers, new InMemoryTenantDirectory(), clock);
    final MultiDeviceScanService scanner = new MultiDeviceScanService(
            analytics, findings, StaleSessionPolicy.DEFAULT, MultiDevicePolicy.DEFAULT, clock);
    final Nas main = Fixtures.nas("Main", "192.168.1.1");
    final Nas branch = Fixtures.nas("Branch", "192.168.1.2");
    int serial;

    @BeforeEach
    void setUp() {
        nasDirectory.save(main);
        nasDirectory.save(branch);
    }

    void save(Session... sessions) {
        repository.writeAtomically(Set.of(), w -> {
            w.saveAll(List.of(sessions));
            return null;
        });
    }

    Session closed(Nas nas, String user, String from, String to) {
        return Fixtures.session(nas)
                .acctSessionId("s" + serial++)
                .username(user)
                .start(Instant.parse(from))
                .stopped(Instant.parse(to), TerminateCause.ADMIN_TERMINATE)
                .build();
    }

    Session open(Nas nas, String user, String from, String lastUpdate) {
        return Fixtures.session(nas)
                .acctSessionId("s" + serial++)
                .username(user)
                .start(Instant.parse(from))
                .lastUpdate(Instant.parse(lastUpdate))
                .build();
    }

    /**
     * Local days 27 to 30 March 2026 in Berlin (Friday to Monday), the 29th of 23 hours (02:00 CET → 03:00 CEST).
     * Exact numbers worked out by hand in {@code PeakTimesAcrossSpringForward}.
     */
    static Session[] springForwardSessions(Nas nas) {
        return new Session[] {
            // across the local midnight of the 27th/28th (CET): 30 min in hour 23, 30 min in hour 0
            Fixtures.session(nas)
                    .acctSessionId("c")
                    .start(Instant.parse("2026-03-27T22:30:00Z"))
                    .stopped(Instant.parse("2026-03-27T23:30:00Z"), TerminateCause.ADMIN_TERMINATE)
                    .build(),
            // 28th, 02:00-03:00 CET: a whole hour 2
            Fixtures.session(nas)
                    .acctSessionId("b1")
                    .start(Instant.parse("2026-03-28T01:00:00Z"))
                    .stopped(Instant.parse("2026-03-28T02:00:00Z"), TerminateCause.ADMIN_TERMINATE)
                    .build(),
            // 29th, 01:30 CET to 03:30 CEST: the clock jumps; 30 min in hour 1, 30 min in hour 3, none in hour 2
            Fixtures.session(nas)
                    .acctSessionId("a")
                    .start(Instant.parse("2026-03-29T00:30:00Z"))
                    .stopped(Instant.parse("2026-03-29T01:30:00Z"), TerminateCause.ADMIN_TERMINATE)
                    .build(),
            // 30th, 02:00-02:30 CEST: half of hour 2
            Fixtures.session(nas)
                    .acctSessionId("b2")
                    .start(Instant.parse("2026-03-30T00:00:00Z"))
                    .stopped(Instant.parse("2026-03-30T00:30:00Z"), TerminateCause.ADMIN_TERMINATE)
                    .build(),
            // open since 22:00 CEST on the 30th: hours 22 and 23 of the window, the rest is today's
            Fixtures.session(nas)
                    .acctSessionId("d")
                    .start(Instant.parse("2026-03-30T20:00:00Z"))
                    .lastUpdate(Instant.parse("2026-03-31T09:55:00Z"))
                    .build()
        };
    }

    @Nested
    class PeakTimesAcrossSpringForward {
        @Test
        void averagesTimeWeightedConcurrencyPerLocalHourCountingTheHoursEachDayReallyHas() {
            save(springForwardSessions(main));

            PeakTimes peak = service.peakTimes(new PeakTimesUseCase.Query(TENANT, 4, BERLIN, null));

            assertThat(peak.from()).isEqualTo("2026-03-26T23:00:00Z");
            assertThat(peak.to()).isEqualTo("2026-03-30T22:00:00Z");
            assertThat(peak.byHour().get(0)).isEqualTo(0.125); // 1800 s / 4 hours
            assertThat(peak.byHour().get(1)).isEqualTo(0.125);
            assertThat(peak.byHour().get(2)).isEqualTo(0.5); // 5400 s / 3 hours: the 29th has no hour 2
            assertThat(peak.byHour().get(3)).isEqualTo(0.125);
            assertThat(peak.byHour().get(22)).isEqualTo(0.25); // the open session
            assertThat(peak.byHour().get(23)).isEqualTo(0.375); // 1800 s + 3600 s of the open one / 4 hours
            assertThat(peak.byHour().stream().mapToDouble(Double::doubleValue).sum())
                    .isEqualTo(1.5);
            assertThat(peak.peak().hour()).isEqualTo(2);
            assertThat(peak.peak().avgSessions()).isEqualTo(0.5);

            assertThat(row(peak, DayOfWeek.SATURDAY).get(2)).isEqualTo(1.0);
            assertThat(row(peak, DayOfWeek.SUNDAY).get(1)).isEqualTo(0.5);
            assertThat(row(peak, DayOfWeek.SUNDAY).get(2)).isEqualTo(0.0);
            assertThat(row(peak, DayOfWeek.SUNDAY).get(3)).isEqualTo(0.5);
            assertThat(row(peak, DayOfWeek.MONDAY).get(2)).isEqualTo(0.5);
            assertThat(row(peak, DayOfWeek.MONDAY).get(22)).isEqualTo(1.0);
            assertThat(row(peak, DayOfWeek.FRIDAY).get(23)).isEqualTo(0.5);
            assertThat(row(peak, DayOfWeek.TUESDAY)).containsOnly(0.0);
            // a tie of 1.0 (Saturday 2:00, Monday 22:00): the first in the week
            assertThat(peak.peak().weekday()).isEqualTo(DayOfWeek.MONDAY);
            assertThat(peak.peak().weekdayHour()).isEqualTo(22);
        }

        @Test
        void aNasFilterCountsThatNasOnly() {
            save(springForwardSessions(main));
            save(closed(branch, "bob", "2026-03-28T01:00:00Z", "2026-03-28T02:00:00Z"));

            PeakTimes all = service.peakTimes(new PeakTimesUseCase.Query(TENANT, 4, BERLIN, null));
            PeakTimes ofBranch = service.peakTimes(new PeakTimesUseCase.Query(TENANT, 4, BERLIN, branch.id()));

            assertThat(all.byHour().get(2)).isEqualTo(9000.0 / 10800);
            assertThat(ofBranch.byHour().get(2)).isEqualTo(3600.0 / 10800);
            assertThat(ofBranch.byHour().get(22)).isEqualTo(0.0);
            assertThatThrownBy(() -> service.peakTimes(new PeakTimesUseCase.Query(
                            TENANT, 4, BERLIN, io.sessionkeeper.domain.model.NasId.random())))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    static List<Double> row(PeakTimes peak, DayOfWeek day) {
        return peak.byWeekday().get(day.getValue() - 1).hours();
    }

    @Test
    void theRepeatedHourOfAutumnCountsTwice() {
        clock.set(Instant.parse("2026-10-26T10:00:00Z"));
        // 02:00 CEST to 02:00 CET and on to 03:00 CET: both 02:00 hours of the 25th
        save(closed(main, "alice", "2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z"));

        PeakTimes peak = service.peakTimes(new PeakTimesUseCase.Query(TENANT, 1, BERLIN, null));

        assertThat(Duration.between(peak.from(), peak.to())).isEqualTo(Duration.ofHours(25));
        assertThat(peak.byHour().get(2)).isEqualTo(1.0);
        assertThat(peak.byHour().get(1)).isEqualTo(0.0);
        assertThat(peak.byHour().get(3)).isEqualTo(0.0);
    }

    @Test
    void aZoneOfQuarterHoursGetsTheQuarterItsLocalHourHolds() {
        clock.set(Instant.parse("2026-01-05T12:00:00Z"));
        // Kathmandu is +05:45: 00:00-00:15 UTC is 05:45-06:00 local
        save(closed(main, "alice", "2026-01-04T00:00:00Z", "2026-01-04T00:15:00Z"));

        PeakTimes peak = service.peakTimes(new PeakTimesUseCase.Query(TENANT, 1, ZoneId.of("Asia/Kathmandu"), null));

        assertThat(peak.from()).isEqualTo("2026-01-03T18:15:00Z");
        assertThat(peak.byHour().get(5)).isEqualTo(0.25);
        assertThat(peak.byHour().get(6)).isEqualTo(0.0);
    }

    @Nested
    class MultiDevice {
        final Instant now = Instant.parse("2026-03-31T10:00:00Z");

        /** A scan, then the first page of what it found. */
        MultiDeviceUseCase.Page findings() {
            scanner.scanAll();
            return service.multiDevice(new MultiDeviceUseCase.Query(TENANT, 1, 20));
        }

        Session device(Nas nas, String user, String mac, String start, String lastUpdate) {
            return Fixtures.session(nas)
                    .acctSessionId("s" + serial++)
                    .username(user)
                    .mac(mac)
                    .framedIp("10.0.0." + serial)
                    .start(Instant.parse(start))
                    .lastUpdate(Instant.parse(lastUpdate))
                    .build();
        }

        @Test
        void aRedialInSequenceIsNoFindingWithTheSameMacOrANewRandomOne() {
            // the old sessions lost their Stop: they went quiet when the new ones began
            save(
                    device(main, "alice", "00:11:22:33:44:55", "2026-03-31T08:00:00Z", "2026-03-31T09:00:00Z"),
                    device(main, "alice", "00:11:22:33:44:55", "2026-03-31T09:01:00Z", "2026-03-31T09:58:00Z"),
                    device(main, "carol", "02:aa:bb:cc:dd:01", "2026-03-31T08:00:00Z", "2026-03-31T09:00:00Z"),
                    device(main, "carol", "06:aa:bb:cc:dd:02", "2026-03-31T09:01:00Z", "2026-03-31T09:58:00Z"));

            assertThat(findings().findings()).isEmpty();
        }

        @Test
        void twoMacsAtOnceAreAFindingWithTheirEvidence() {
            save(
                    device(main, "bob", "00:11:22:33:44:55", "2026-03-31T08:00:00Z", "2026-03-31T09:58:00Z"),
                    device(main, "bob", "00:11:22:33:44:66", "2026-03-31T09:00:00Z", "2026-03-31T09:57:00Z"));

            MultiDeviceUseCase.Page page = findings();

            assertThat(page.total()).isEqualTo(1);
            Finding bob = page.findings().get(0);
            assertThat(bob.username()).isEqualTo("bob");
            assertThat(bob.activeSessions()).isEqualTo(2);
            assertThat(bob.reasons()).containsExactly(Reason.CONCURRENT_SESSIONS_DIFFERENT_MAC);
            assertThat(bob.score()).isEqualTo(50);
            assertThat(bob.macs())
                    .extracting(Object::toString)
                    .containsExactly("00:11:22:33:44:55", "00:11:22:33:44:66");
            assertThat(bob.ips()).hasSize(2);
            assertThat(bob.sessions()).hasSize(2);
        }

        @Test
        void theSameMacOnTwoNasAtOnceIsAFindingOfTheNas() {
            save(
                    device(main, "dave", "00:11:22:33:44:55", "2026-03-31T08:00:00Z", "2026-03-31T09:58:00Z"),
                    device(branch, "dave", "00:11:22:33:44:55", "2026-03-31T09:00:00Z", "2026-03-31T09:57:00Z"));

            Finding dave = findings().findings().get(0);
            assertThat(dave.reasons()).containsExactly(Reason.CONCURRENT_SESSIONS_DIFFERENT_NAS);
            assertThat(dave.score()).isEqualTo(30);
            assertThat(dave.nasIds()).containsExactly(main.id(), branch.id());
        }

        @Test
        void manyMacsInTheWindowCountOnlyUniversalOnesAndRandomisedOnesApart() {
            save(
                    closed(main, "erin", "2026-03-31T01:00:00Z", "2026-03-31T02:00:00Z"),
                    Fixtures.session(main)
                            .acctSessionId("e2")
                            .username("erin")
                            .mac("00:11:22:33:44:02")
                            .start(Instant.parse("2026-03-31T03:00:00Z"))
                            .stopped(Instant.parse("2026-03-31T04:00:00Z"), TerminateCause.ADMIN_TERMINATE)
                            .build(),
                    Fixtures.session(main)
                            .acctSessionId("e3")
                            .username("erin")
                            .mac("00:11:22:33:44:03")
                            .start(Instant.parse("2026-03-31T05:00:00Z"))
                            .stopped(Instant.parse("2026-03-31T06:00:00Z"), TerminateCause.ADMIN_TERMINATE)
                            .build(),
                    Fixtures.session(main)
                            .acctSessionId("e4")
                            .username("erin")
                            .mac("02:11:22:33:44:04")
                            .start(Instant.parse("2026-03-31T07:00:00Z"))
                            .stopped(Instant.parse("2026-03-31T08:00:00Z"), TerminateCause.ADMIN_TERMINATE)
                            .build());
            // four random MACs and one real one: a phone, no finding
            for (int i = 0; i < 4; i++) {
                save(Fixtures.session(main)
                        .acctSessionId("f" + i)
                        .username("fay")
                        .mac("0a:00:00:00:00:0" + i)
                        .start(Instant.parse("2026-03-31T0" + (i + 1) + ":00:00Z"))
                        .stopped(Instant.parse("2026-03-31T0" + (i + 1) + ":30:00Z"), TerminateCause.ADMIN_TERMINATE)
                        .build());
            }

            MultiDeviceUseCase.Page page = findings();

            assertThat(page.findings()).extracting(Finding::username).containsExactly("erin");
            Finding erin = page.findings().get(0);
            assertThat(erin.reasons()).containsExactly(Reason.MANY_MACS);
            assertThat(erin.activeSessions()).isZero();
            assertThat(erin.randomizedMacs()).isEqualTo(1);
            assertThat(erin.score()).isEqualTo(20);
            assertThat(erin.macs()).hasSize(3);
        }

        @Test
        void aQuietSessionBeyondTheStaleThresholdIsNotLive() {
            save(
                    device(main, "gus", "00:11:22:33:44:55", "2026-03-29T08:00:00Z", "2026-03-30T09:00:00Z"),
                    device(main, "gus", "00:11:22:33:44:66", "2026-03-30T08:00:00Z", "2026-03-31T09:57:00Z"));

            assertThat(findings().findings()).isEmpty();
        }

        @Test
        void aRequestReadsTheLastScanNotTheSessionsOfNow() {
            MultiDeviceUseCase.Page never = service.multiDevice(new MultiDeviceUseCase.Query(TENANT, 1, 20));
            assertThat(never.scan()).isNull();
            assertThat(never.total()).isZero();

            save(
                    device(main, "bob", "00:11:22:33:44:55", "2026-03-31T08:00:00Z", "2026-03-31T09:58:00Z"),
                    device(main, "bob", "00:11:22:33:44:66", "2026-03-31T09:00:00Z", "2026-03-31T09:57:00Z"));
            Map<TenantId, MultiDeviceScan> scans = scanner.scanAll();
            // a second device of amy's after the scan: not a finding until the next scan
            save(
                    device(main, "amy", "00:11:22:33:44:77", "2026-03-31T08:00:00Z", "2026-03-31T09:59:00Z"),
                    device(main, "amy", "00:11:22:33:44:88", "2026-03-31T09:00:00Z", "2026-03-31T09:59:00Z"));

            MultiDeviceUseCase.Page page = service.multiDevice(new MultiDeviceUseCase.Query(TENANT, 1, 20));

            assertThat(page.findings()).extracting(Finding::username).containsExactly("bob");
            assertThat(page.scan()).isEqualTo(scans.get(TENANT));
            assertThat(page.scan().at()).isEqualTo(now);
            assertThat(page.scan().window()).isEqualTo(Duration.ofHours(24));
            assertThat(page.scan().minMacs()).isEqualTo(3);
            assertThat(page.scan().candidates()).isEqualTo(1);
            assertThat(page.scan().truncated()).isFalse();

            clock.set(now.plusSeconds(60));
            assertThat(findings().findings()).extracting(Finding::username).containsExactly("amy", "bob");
        }

        @Test
        void aScanClearsTheFindingsOfUsersNoLongerFound() {
            Session second = device(main, "bob", "00:11:22:33:44:66", "2026-03-31T09:00:00Z", "2026-03-31T09:57:00Z");
            save(device(main, "bob", "00:11:22:33:44:55", "2026-03-31T08:00:00Z", "2026-03-31T09:58:00Z"), second);
            assertThat(findings().total()).isEqualTo(1);

            repository.close(TENANT, second.id(), now, TerminateCause.ADMIN_TERMINATE);

            assertThat(findings().total()).isZero();
        }

        @Test
        void findingsArePagedByScore() {
            save(
                    device(main, "bob", "00:11:22:33:44:55", "2026-03-31T08:00:00Z", "2026-03-31T09:58:00Z"),
                    device(branch, "bob", "00:11:22:33:44:66", "2026-03-31T09:00:00Z", "2026-03-31T09:57:00Z"),
                    device(main, "amy", "00:11:22:33:44:77", "2026-03-31T08:00:00Z", "2026-03-31T09:58:00Z"),
                    device(main, "amy", "00:11:22:33:44:88", "2026-03-31T09:00:00Z", "2026-03-31T09:57:00Z"));

            scanner.scanAll();
            MultiDeviceUseCase.Page first = service.multiDevice(new MultiDeviceUseCase.Query(TENANT, 1, 1));
            MultiDeviceUseCase.Page second = service.multiDevice(new MultiDeviceUseCase.Query(TENANT, 2, 1));

            assertThat(first.total()).isEqualTo(2);
            assertThat(first.findings())
                    .extracting(Finding::username, Finding::score)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("bob", 80));
            assertThat(second.findings()).extracting(Finding::username).containsExactly("amy");
        }
    }

    @Nested
    class Comparison {
        @Test
        void meansMediansAndPercentilesAreExactOnAKnownSet() {
            Instant now = clock.instant();
            long[] durations = {600, 1200, 1800, 2400, 3600};
            long[] data = {100, 200, 300, 400, 500};
            for (int i = 0; i < durations.length; i++) {
                Instant start = now.minus(Duration.ofDays(i + 1));
                save(Fixtures.session(main)
                        .acctSessionId("k" + i)
                        .username("alice")
                        .start(start)
                        .usage(data[i], 0)
                        .stopped(start.plusSeconds(durations[i]), TerminateCause.ADMIN_TERMINATE)
                        .build());
            }
            // the current session: open for 2400 s with 700 bytes
            save(Fixtures.session(main)
                    .acctSessionId("now")
                    .username("alice")
                    .start(now.minusSeconds(2400))
                    .lastUpdate(now)
                    .usage(600, 100)
                    .build());
            // older than 30 days: not compared
            save(closed(main, "alice", "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z"));

            SessionComparison c = service.compare(TENANT, "alice");

            assertThat(c.sessions()).isEqualTo(6);
            assertThat(c.insufficientData()).isFalse();
            assertThat(c.current().active()).isTrue();
            assertThat(c.current().durationSeconds()).isEqualTo(2400);
            assertThat(c.current().dataBytes()).isEqualTo(700);
            assertThat(c.average().duration()).isEqualTo(2000.0); // 12000 / 6
            assertThat(c.average().medianDuration()).isEqualTo(2100.0); // (1800 + 2400) / 2
            assertThat(c.average().dataUsage()).isEqualTo(2200.0 / 6);
            assertThat(c.average().medianDataUsage()).isEqualTo(350.0);
            assertThat(c.percentile().duration()).isEqualTo(500.0 / 6); // 5 of 6 at most 2400 s
            assertThat(c.percentile().dataUsage()).isEqualTo(100.0);
        }

        @Test
        void fewerThanFiveSessionsIsInsufficientDataAndTheLatestIsShownWhenNoneIsOpen() {
            save(
                    closed(main, "alice", "2026-03-30T08:00:00Z", "2026-03-30T09:00:00Z"),
                    closed(main, "alice", "2026-03-29T08:00:00Z", "2026-03-29T08:30:00Z"));

            SessionComparison c = service.compare(TENANT, "alice");

            assertThat(c.insufficientData()).isTrue();
            assertThat(c.average()).isNull();
            assertThat(c.percentile()).isNull();
            assertThat(c.current().active()).isFalse();
            assertThat(c.current().durationSeconds()).isEqualTo(3600);
        }

        @Test
        void anUnknownCustomerIsNotFoundAndAKnownOneWithoutSessionsHasNoCurrent() {
            assertThatThrownBy(() -> service.compare(TENANT, "nobody")).isInstanceOf(NotFoundException.class);
            customers.save(Fixtures.customer(TENANT, "newbie"));

            SessionComparison c = service.compare(TENANT, "newbie");

            assertThat(c.current()).isNull();
            assertThat(c.insufficientData()).isTrue();
            assertThat(c.sessions()).isZero();
        }
    }

    @Test
    void nasHealthShowsLastPacketRestartsPacketsPerMinuteAndSilence() {
        Instant now = clock.instant();
        save(open(main, "alice", "2026-03-31T09:00:00Z", "2026-03-31T09:59:00Z"));
        analytics.heard(main.id(), now.minusSeconds(60));
        analytics.heard(branch.id(), now.minus(Duration.ofMinutes(16)));
        repository.recordNasRestart(TENANT, main.id(), true, Instant.parse("2026-03-30T12:00:00Z"));
        analytics.packets(main.id(), Instant.parse("2026-03-31T09:59:00Z"), 7);
        analytics.packets(main.id(), Instant.parse("2026-03-31T09:01:00Z"), 3);
        analytics.packets(main.id(), Instant.parse("2026-03-31T09:00:00Z"), 100); // over an hour ago

        List<NasHealth> health = service.nasHealth(TENANT);

        assertThat(health).extracting(NasHealth::name).containsExactly("Branch", "Main");
        NasHealth mainHealth = health.get(1);
        assertThat(mainHealth.activeSessions()).isEqualTo(1);
        assertThat(mainHealth.silent()).isFalse();
        assertThat(mainHealth.lastAccountingOn()).isEqualTo("2026-03-30T12:00:00Z");
        assertThat(mainHealth.lastAccountingOff()).isNull();
        assertThat(mainHealth.packetsPerMinute()).hasSize(60);
        assertThat(mainHealth.packetsPerMinute().get(0).minute()).isEqualTo("2026-03-31T09:01:00Z");
        assertThat(mainHealth.packetsPerMinute().get(0).packets()).isEqualTo(3);
        assertThat(mainHealth.packetsPerMinute().get(58).packets()).isEqualTo(7);
        assertThat(mainHealth.packetsPerMinute().get(59).minute()).isEqualTo("2026-03-31T10:00:00Z");
        assertThat(mainHealth.packetsLastHour()).isEqualTo(10);
        assertThat(health.get(0).silent()).isTrue();
        assertThat(health.get(0).activeSessions()).isZero();
    }

    @Nested
    class TopUsersFromTraffic {
        @BeforeEach
        void scenario() {
            TopUsersScenario scenario = new TopUsersScenario(main);
            repository.writeAtomically(Set.of(), w -> {
                w.saveAll(scenario.sessions());
                w.appendSamples(scenario.samples());
                return null;
            });
            clock.set(TopUsersScenario.NOW);
        }

        private List<String> ranked(TopUsers top) {
            return top.users().stream()
                    .map(u -> u.username() + ":" + u.downloadBytes() + "+" + u.uploadBytes() + ":" + u.sessions())
                    .toList();
        }

        @Test
        void todayCountsTheTrafficSinceTheLocalMidnightUpToTheLastRolledQuarter() {
            TopUsers berlin = service.topUsers(new TopUsersUseCase.Query(TENANT, TopUsers.Period.TODAY, 10, BERLIN));

            assertThat(berlin.from()).isEqualTo("2026-03-30T22:00:00Z");
            // 10:20 now: the quarter that ended at 10:15 (the store in memory has every quarter rolled)
            assertThat(berlin.to()).isEqualTo("2026-03-31T10:15:00Z");
            // alice's second hour only; all of bob's, whose last sample is of 10:10
            assertThat(ranked(berlin)).containsExactly("bob:1000+0:1", "alice:600+60:1");
        }

        @Test
        void aMidnightOnAQuarterHourSplitsTheSessionAcrossItByQuarter() {
            TopUsers kathmandu = service.topUsers(
                    new TopUsersUseCase.Query(TENANT, TopUsers.Period.TODAY, 10, ZoneId.of("Asia/Kathmandu")));

            assertThat(kathmandu.from()).isEqualTo("2026-03-30T18:15:00Z");
            assertThat(ranked(kathmandu)).containsExactly("alice:1200+120:1", "bob:1000+0:1", "carol:150+15:1");
        }

        @Test
        void sevenDaysStartOnTheQuarterOfNowAndCountOnlyTheTrafficAfterIt() {
            TopUsers week = service.topUsers(new TopUsersUseCase.Query(TENANT, TopUsers.Period.DAYS_7, 10, null));
            TopUsers first = service.topUsers(new TopUsersUseCase.Query(TENANT, TopUsers.Period.DAYS_30, 1, null));

            assertThat(week.from()).isEqualTo("2026-03-24T10:15:00Z");
            assertThat(ranked(week))
                    .containsExactly("alice:1200+120:1", "bob:1000+0:1", "dave:750+0:1", "carol:300+30:1");
            // erin's 5,000 octets of 20 March put her first over 30 days
            assertThat(ranked(first)).containsExactly("erin:5000+0:1");
        }
    }
}
