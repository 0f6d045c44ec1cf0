package io.sessionkeeper.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.BandwidthInterval;
import io.sessionkeeper.domain.model.EffectiveRate;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.IpRange;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.QualityMeasurement.Echoes;
import io.sessionkeeper.domain.model.QualitySeries;
import io.sessionkeeper.domain.model.QualityStats;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionEventType;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.in.ProbeQualityUseCase.ProbeRound;
import io.sessionkeeper.domain.port.in.RecordQualityCommand;
import io.sessionkeeper.domain.port.in.RecordQualityCommand.Reading;
import io.sessionkeeper.domain.port.in.RecordQualityUseCase.Recorded;
import io.sessionkeeper.domain.port.in.SessionQualityQuery;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.port.out.EchoProber;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.InMemoryCustomerDirectory;
import io.sessionkeeper.domain.testing.InMemoryNasDirectory;
import io.sessionkeeper.domain.testing.InMemoryQualityStore;
import io.sessionkeeper.domain.testing.InMemorySessionRepository;
import io.sessionkeeper.domain.testing.InMemoryUsageHistory;
import io.sessionkeeper.domain.testing.InMemoryUsageSamples;
import io.sessionkeeper.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Quality: pushed readings, the prober's rounds, the timeline's line, the series with "near the rate limit". */
class QualityServiceTest {
    private static final TenantId ACME = Fixtures.TENANT;
    private static final Instant T0 = Fixtures.T0; // 10:00 UTC

    private final MutableClock clock = new MutableClock(T0.plusSeconds(3600));
    private final InMemorySessionRepository sessions = new InMemorySessionRepository();
    private final InMemoryNasDirectory nasDirectory = new InMemoryNasDirectory();
    private final InMemoryCustomerDirectory customers = new InMemoryCustomerDirectory();
    private final InMemoryQualityStore store = new InMemoryQualityStore(sessions);
    private final AccountingService accounting = new AccountingService(sessions, AccountingPolicy.DEFAULT);
    private final BandwidthService bandwidth = new BandwidthService(
            sessions, new InMemoryUsageSamples(sessions), new InMemoryUsageHistory(sessions), nasDirectory, clock);
    private final QualityService quality =
            new QualityService(sessions, customers, sessions.events(), store, bandwidth, QualityPolicy.DEFAULT, clock);
    private final Nas nas = Fixtures.nas("Main Router", "192.0.2.1");

    QualityServiceTest() {
        nasDirectory.save(nas);
    }

    private void track(AccountingEvent.Builder... events) {
        accounting.track(new TrackAccountingCommand(
                Arrays.stream(events).map(AccountingEvent.Builder::build).toList()));
    }

    private Session online(String user, String id, String ip) {
        track(Fixtures.start(nas, user, id, T0).framedIp(IpAddress.parse(ip)));
        return sessions.all().stream()
                .filter(s -> s.acctSessionId().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static Reading byIp(String ip, Instant at, Echoes echoes, Double... rtts) {
        return new Reading(IpAddress.parse(ip), null, at, List.of(rtts), echoes);
    }

    private List<SessionEvent> timeline(Session session) {
        return sessions.events().of(ACME, session.id(), 0, 100);
    }

    @Test
    void pushedReadingsGoToTheOpenSessionOfTheirAddressOrUsernameInExactFiveMinuteBuckets() {
        Session alice = online("alice", "A1", "100.64.0.10");
        Session bob = online("bob", "B1", "100.64.0.11");
        Instant at = T0.plusSeconds(3600 - 240); // 10:56:00: the 10:55 bucket

        Recorded recorded = quality.record(new RecordQualityCommand(
                ACME,
                List.of(
                        byIp(
                                "100.64.0.10",
                                at,
                                new Echoes(10, 1),
                                10.0,
                                30.0,
                                20.0,
                                40.0,
                                50.0,
                                60.0,
                                70.0,
                                80.0,
                                90.0),
                        byIp("100.64.0.10", at.plusSeconds(60), null, 100.0),
                        new Reading(null, "bob", at, List.of(5.0), null),
                        byIp("100.64.0.99", at, null, 5.0),
                        byIp("100.64.0.10", clock.instant().minus(Duration.ofHours(2)), null, 5.0))));

        assertThat(recorded.recorded()).isEqualTo(3);
        assertThat(recorded.unmatched()).containsExactly(3);
        assertThat(recorded.stale()).containsExactly(4);
        QualityStats stats = quality.quality(new SessionQualityQuery(
                        ACME, alice.id(), BandwidthInterval.FIVE_MINUTES, T0.plusSeconds(3300), T0.plusSeconds(3600)))
                .points()
                .get(0)
                .sources()
                .get(0)
                .stats();
        // 10 round trips: 10 .. 100; nearest rank: p50 the 5th (50), p95 the 10th (100)
        assertThat(stats.rttP50Millis()).isEqualTo(50.0);
        assertThat(stats.rttP95Millis()).isEqualTo(100.0);
        assertThat(stats.lossPercent()).as("1 of the 10 counted echoes").isEqualTo(10.0);
        // |30-10| + |20-30| + |40-20| + 5 × 10 = 100 over 8 pairs (the second reading has no pair)
        assertThat(stats.jitterMillis()).isEqualTo(100.0 / 8);
        assertThat(stats.samples()).isEqualTo(10);
        assertThat(store.buckets(ACME, bob.id(), T0, clock.instant()))
                .singleElement()
                .satisfies(b -> assertThat(b.start()).isEqualTo(T0.plusSeconds(3300)));
    }

    @Test
    void unknownIsNullNeverZero() {
        Session alice = online("alice", "A1", "100.64.0.10");
        quality.record(
                new RecordQualityCommand(ACME, List.of(byIp("100.64.0.10", T0.plusSeconds(3500), new Echoes(4, 4)))));

        QualitySeries series = quality.quality(new SessionQualityQuery(
                ACME, alice.id(), BandwidthInterval.FIVE_MINUTES, T0.plusSeconds(3300), T0.plusSeconds(3600)));

        QualityStats lost = series.points().get(0).sources().get(0).stats();
        assertThat(lost.lossPercent()).isEqualTo(100.0);
        assertThat(lost.rttP50Millis()).isNull();
        assertThat(lost.rttP95Millis()).isNull();
        assertThat(lost.jitterMillis()).isNull();
        assertThat(series.points()).hasSize(1);
        QualitySeries longer = quality.quality(new SessionQualityQuery(
                ACME, alice.id(), BandwidthInterval.FIVE_MINUTES, T0.plusSeconds(3000), T0.plusSeconds(3600)));
        assertThat(longer.points().get(0).sources())
                .as("a bucket nothing measured: no figures at all")
                .isEmpty();
    }

    @Test
    void aReadingThatIsNoMeasurementRefusesTheWholeCommandNamingIt() {
        online("alice", "A1", "100.64.0.10");
        assertThatThrownBy(() -> quality.record(new RecordQualityCommand(
                        ACME,
                        List.of(
                                byIp("100.64.0.10", T0.plusSeconds(3500), null, 5.0),
                                byIp("100.64.0.10", T0.plusSeconds(3500), null, -1.0)))))
                .isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("measurements[1].rttMs"));
        assertThat(store.recent(ACME, T0, clock.instant())).isEmpty();
    }

    @Test
    void theTimelineShowsWhenQualityCrossesTheThresholdAndWhenItRecovers() {
        Session alice = online("alice", "A1", "100.64.0.10");
        Instant first = T0.plusSeconds(3600 - 50 * 60); // 10:10
        List<Reading> readings = new ArrayList<>();
        readings.add(byIp("100.64.0.10", first, null, 20.0)); // fine
        readings.add(byIp("100.64.0.10", first.plusSeconds(300), null, 250.0)); // degraded: p95 above 100 ms
        readings.add(byIp("100.64.0.10", first.plusSeconds(600), new Echoes(10, 5))); // still: loss 50 %
        readings.add(byIp("100.64.0.10", first.plusSeconds(900), new Echoes(10, 0), 20.0)); // recovered
        quality.record(new RecordQualityCommand(ACME, readings));

        List<SessionEvent> events = timeline(alice);
        assertThat(events)
                .extracting(SessionEvent::type)
                .containsExactly(SessionEventType.QUALITY_DEGRADED, SessionEventType.QUALITY_RECOVERED);
        assertThat(events.get(0).at()).isEqualTo(first.plusSeconds(300));
        assertThat(events.get(0).detail()).isEqualTo(new SessionEvent.QualityChanged(true, 250.0, null));
        assertThat(events.get(1).detail()).isEqualTo(new SessionEvent.QualityChanged(false, 20.0, 0.0));

        // a late reading of an older bucket never turns the state back
        quality.record(
                new RecordQualityCommand(ACME, List.of(byIp("100.64.0.10", first.plusSeconds(310), null, 900.0))));
        assertThat(timeline(alice)).hasSize(2);
    }

    @Test
    void eachBucketSaysWhetherTheSessionWasNearItsEffectiveRate() {
        // package 10/10 Mbps; then a CoA the NAS acknowledged shaped it to 2M up / 1M down
        customers.save(Fixtures.customer(ACME, "alice"));
        Session alice = online("alice", "A1", "100.64.0.10");
        // 10:00-10:05 about 8 Mbit/s down (near 10 Mbit/s? no: 80 %); 10:05-10:10 9.6 Mbit/s (96 %: near)
        track(Fixtures.interim(nas, "alice", "A1", T0.plusSeconds(300), 300).outputOctets(300_000_000, 0));
        track(Fixtures.interim(nas, "alice", "A1", T0.plusSeconds(600), 600).outputOctets(660_000_000, 0));
        quality.record(new RecordQualityCommand(ACME, List.of(byIp("100.64.0.10", T0.plusSeconds(3500), null, 5.0))));

        QualitySeries series = quality.quality(
                new SessionQualityQuery(ACME, alice.id(), BandwidthInterval.FIVE_MINUTES, T0, T0.plusSeconds(900)));
        assertThat(series.rate()).isEqualTo(new EffectiveRate(10_000, 10_000, EffectiveRate.Basis.PACKAGE));
        assertThat(series.points())
                .extracting(QualitySeries.Point::nearRateLimit)
                .containsExactly(false, true, null);
        assertThat(series.points().get(1).throughput().downloadKbps()).isEqualTo(9_600.0);

        sessions.events()
                .append(List.of(new SessionEvent(
                        ACME,
                        alice.id(),
                        T0.plusSeconds(700),
                        new SessionEvent.SpeedChanged(
                                "2M/1M", new SessionEvent.CoaAnswer(SessionEvent.CoaAnswer.Outcome.ACK, 0), null))));
        assertThat(quality.effectiveRate(alice)).isEqualTo(new EffectiveRate(1_000, 2_000, EffectiveRate.Basis.COA));
    }

    @Test
    void aMinuteIntervalIsRefusedAndTheChoiceIsNeverFinerThanFiveMinutes() {
        Session alice = online("alice", "A1", "100.64.0.10");
        assertThatThrownBy(() -> new SessionQualityQuery(ACME, alice.id(), BandwidthInterval.ONE_MINUTE, null, null))
                .isInstanceOf(InvalidValueException.class);
        assertThat(quality.quality(new SessionQualityQuery(ACME, alice.id(), null, null, null))
                        .interval())
                .isEqualTo(BandwidthInterval.FIVE_MINUTES);
    }

    // ---- the prober ----------------------------------------------------------------------------------------------

    /** A prober that records what it was asked and answers every echo in 1 ms (or none for .250 addresses). */
    private static class ScriptedProber implements EchoProber {
        final List<List<IpAddress>> asked = new ArrayList<>();
        final int perSecond;

        ScriptedProber(int perSecond) {
            this.perSecond = perSecond;
        }

        @Override
        public List<IpRange> ranges() {
            return List.of(IpRange.parse("ranges", "100.64.0.0/24"));
        }

        @Override
        public int echoesPerTarget() {
            return 3;
        }

        @Override
        public int echoesPerSecond() {
            return perSecond;
        }

        @Override
        public List<EchoResult> probe(List<IpAddress> targets) {
            asked.add(targets);
            return targets.stream()
                    .map(t -> new EchoResult(t, 3, t.toString().endsWith(".250") ? List.of() : List.of(1.0, 1.0, 1.0)))
                    .toList();
        }
    }

    @Test
    void theProberNeverAsksForAnAddressOutsideTheSubscriberRangesAndStoresWhatCameBack() {
        Session inside = online("alice", "A1", "100.64.0.10");
        Session silent = online("bob", "B1", "100.64.0.250");
        online("carol", "C1", "100.64.1.10");
        online("dave", "D1", "8.8.8.8");
        track(Fixtures.start(nas, "erin", "E1", T0)); // no address
        ScriptedProber prober = new ScriptedProber(100);
        QualityProbeService probes =
                new QualityProbeService(store, prober, sessions.events(), QualityPolicy.DEFAULT, clock);

        ProbeRound round = probes.probeRound();

        assertThat(round).isEqualTo(new ProbeRound(4, 2, 2, 0));
        assertThat(prober.asked).singleElement().satisfies(targets -> assertThat(targets)
                .containsExactlyInAnyOrder(IpAddress.parse("100.64.0.10"), IpAddress.parse("100.64.0.250")));
        QualityStats fine = store.buckets(ACME, inside.id(), T0, clock.instant().plusSeconds(300))
                .get(0)
                .stats();
        assertThat(fine).isEqualTo(new QualityStats(1.0, 1.0, 0.0, 0.0, 3));
        QualityStats lost = store.buckets(ACME, silent.id(), T0, clock.instant().plusSeconds(300))
                .get(0)
                .stats();
        assertThat(lost).isEqualTo(new QualityStats(null, null, 100.0, null, 0));
        assertThat(timeline(silent)).extracting(SessionEvent::type).containsExactly(SessionEventType.QUALITY_DEGRADED);
    }

    @Test
    void theRateCapDefersSessionsToTheNextRoundWhichBeginsWithThem() {
        for (int i = 1; i <= 5; i++) {
            online("user" + i, "S" + i, "100.64.0." + i);
        }
        // 1 echo per second over a 300 s round at 3 echoes per session: 100 sessions a round; shrink it to 2
        ScriptedProber prober = new ScriptedProber(1) {
            @Override
            public int echoesPerTarget() {
                return 150;
            }
        };
        QualityProbeService probes =
                new QualityProbeService(store, prober, sessions.events(), QualityPolicy.DEFAULT, clock);
        assertThat(probes.perRound()).isEqualTo(2);

        assertThat(probes.probeRound()).isEqualTo(new ProbeRound(5, 0, 2, 3));
        assertThat(probes.probeRound()).isEqualTo(new ProbeRound(5, 0, 2, 3));
        assertThat(probes.probeRound().probed()).isEqualTo(2);
        List<IpAddress> all = prober.asked.stream().flatMap(List::stream).toList();
        assertThat(all.subList(0, 5)).as("every session once before any twice").doesNotHaveDuplicates();
    }
}
