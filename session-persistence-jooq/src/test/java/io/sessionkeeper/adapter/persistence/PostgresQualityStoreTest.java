package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.AlertRule;
import io.sessionkeeper.domain.model.AlertRuleId;
import io.sessionkeeper.domain.model.AlertRuleType;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.QualityMeasurement;
import io.sessionkeeper.domain.model.QualityMeasurement.Echoes;
import io.sessionkeeper.domain.model.QualitySource;
import io.sessionkeeper.domain.model.QualityStats;
import io.sessionkeeper.domain.model.QualityTally;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.port.in.RecordQualityCommand;
import io.sessionkeeper.domain.port.in.RecordQualityCommand.Reading;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.port.out.QualityStore;
import io.sessionkeeper.domain.service.AccountingPolicy;
import io.sessionkeeper.domain.service.AccountingService;
import io.sessionkeeper.domain.service.BandwidthService;
import io.sessionkeeper.domain.service.QualityPolicy;
import io.sessionkeeper.domain.service.QualityService;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Session quality on PostgreSQL: buckets, their figures, the state of the timeline, roll-up and retention. */
class PostgresQualityStoreTest {
    private final TestDatabase database = TestDatabase.get();
    private final PostgresSessionRepository sessions = new PostgresSessionRepository(database.dataSource());
    private final PostgresSessionEvents events = new PostgresSessionEvents(database.dataSource());
    private final PostgresQualityStore store = new PostgresQualityStore(database.dataSource());
    private final AccountingService accounting = new AccountingService(sessions, AccountingPolicy.DEFAULT);
    private final MutableClock clock = new MutableClock(T0.plusSeconds(3600));
    private final Nas nas = Fixtures.nas("Main Router", "192.0.2.1");
    private QualityService quality;

    @BeforeEach
    void empty() {
        database.truncate();
        PostgresNasDirectory nasDirectory = new PostgresNasDirectory(database.dataSource(), TestDatabase.CIPHER);
        nasDirectory.save(nas);
        quality = new QualityService(
                sessions,
                new PostgresCustomerDirectory(database.dataSource()),
                events,
                store,
                new BandwidthService(
                        sessions,
                        new PostgresUsageSamples(database.dataSource()),
                        new PostgresUsageHistory(database.dataSource()),
                        nasDirectory,
                        clock),
                QualityPolicy.DEFAULT,
                clock);
    }

    private Session online(String user, String id, String ip) {
        accounting.track(new TrackAccountingCommand(List.of(
                Fixtures.start(nas, user, id, T0).framedIp(IpAddress.parse(ip)).build())));
        return sessions
                .find(new io.sessionkeeper.domain.port.out.SessionFilter(TENANT, null, null, null, null), 0, 100)
                .stream()
                .filter(s -> s.acctSessionId().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static QualityMeasurement probe(Session s, Instant at, int sent, Double... rtts) {
        return new QualityMeasurement(
                TENANT, s.id(), at, QualitySource.PROBE, List.of(rtts), new Echoes(sent, sent - rtts.length));
    }

    @Test
    void pushedReadingsAreStoredInTheirBucketWithExactFiguresAndTheTimelineKeepsTheCrossing() {
        Session alice = online("alice", "A1", "100.64.0.10");
        online("bob", "B1", "100.64.0.11");
        Instant at = T0.plusSeconds(3300 + 61); // the 10:55 bucket

        var recorded = quality.record(new RecordQualityCommand(
                TENANT,
                List.of(
                        new Reading(
                                IpAddress.parse("100.64.0.10"),
                                null,
                                at,
                                List.of(120.0, 80.0, 300.0),
                                new Echoes(4, 1)),
                        new Reading(null, "alice", at.plusSeconds(30), List.of(90.0), null),
                        new Reading(IpAddress.parse("100.64.9.9"), null, at, List.of(1.0), null))));

        assertThat(recorded.recorded()).isEqualTo(2);
        assertThat(recorded.unmatched()).containsExactly(2);
        List<QualityTally> buckets = store.buckets(TENANT, alice.id(), T0, clock.instant());
        assertThat(buckets).singleElement().satisfies(b -> {
            assertThat(b.start()).isEqualTo(T0.plusSeconds(3300));
            assertThat(b.source()).isEqualTo(QualitySource.PUSH);
            assertThat(b.rttMillis()).containsExactly(120.0, 80.0, 300.0, 90.0);
            // sorted 80, 90, 120, 300: p50 the 2nd, p95 the 4th; loss 1 of 4; jitter (40 + 220) / 2
            assertThat(b.stats()).isEqualTo(new QualityStats(90.0, 300.0, 25.0, 130.0, 4));
        });
        assertThat(events.of(TENANT, alice.id(), 0, 10)).singleElement().satisfies(e -> {
            assertThat(e.at()).isEqualTo(T0.plusSeconds(3300));
            assertThat(e.detail()).isEqualTo(new SessionEvent.QualityChanged(true, 300.0, 25.0));
        });
    }

    @Test
    void theStateChangesOnceAndALateBucketNeverTurnsItBack() {
        Session alice = online("alice", "A1", "100.64.0.10");
        SessionId id = alice.id();
        assertThat(store.changeState(TENANT, id, T0, false))
                .as("not degraded, as without a state")
                .isFalse();
        assertThat(store.changeState(TENANT, id, T0.plusSeconds(300), true)).isTrue();
        assertThat(store.changeState(TENANT, id, T0.plusSeconds(300), true)).isFalse();
        assertThat(store.changeState(TENANT, id, T0, false))
                .as("an older bucket")
                .isFalse();
        assertThat(store.changeState(TENANT, id, T0.plusSeconds(600), false)).isTrue();
    }

    @Test
    void theHourlyRollUpIsTheWholeContentOfItsBucketsRecomputedNotAddedAndRetentionDeletesTheOld() {
        Session alice = online("alice", "A1", "100.64.0.10");
        store.add(List.of(
                probe(alice, T0.plusSeconds(10), 3, 10.0, 20.0),
                probe(alice, T0.plusSeconds(310), 3, 30.0, 40.0, 50.0),
                probe(alice, T0.plusSeconds(3610), 3, 1.0, 1.0, 1.0)));
        QualityMaintenance maintenance = new QualityMaintenance(database.dataSource());

        QualityMaintenance.Result first = maintenance.run(T0.plusSeconds(3 * 3600), Duration.ofHours(2));
        assertThat(first.hourRowsWritten()).isEqualTo(2);
        assertThat(maintenance
                        .run(T0.plusSeconds(3 * 3600), Duration.ofHours(1))
                        .hourRowsWritten())
                .as("a second run writes nothing")
                .isZero();
        List<QualityTally> hours = store.hours(TENANT, alice.id(), T0, T0.plusSeconds(7200));
        assertThat(hours).hasSize(2);
        assertThat(hours.get(0).rttMillis()).containsExactly(10.0, 20.0, 30.0, 40.0, 50.0);
        assertThat(hours.get(0).stats()).isEqualTo(new QualityStats(30.0, 50.0, 100.0 / 6, 10.0, 5));

        QualityMaintenance.Result later = maintenance.run(T0.plus(Duration.ofDays(15)), Duration.ofHours(1));
        assertThat(later.bucketsDeleted()).isEqualTo(3);
        assertThat(later.hoursDeleted()).isZero();
        assertThat(store.hours(TENANT, alice.id(), T0, T0.plusSeconds(7200))).hasSize(2);
        assertThat(maintenance
                        .run(T0.plus(Duration.ofDays(91)), Duration.ofHours(1))
                        .hoursDeleted())
                .isEqualTo(2);
    }

    @Test
    void aBucketKeepsAtMostItsLimitOfRoundTripsAndCountsAll() {
        Session alice = online("alice", "A1", "100.64.0.10");
        Double[] many = new Double[1000];
        java.util.Arrays.fill(many, 5.0);
        for (int i = 0; i < 4; i++) {
            store.add(List.of(new QualityMeasurement(
                    TENANT, alice.id(), T0.plusSeconds(i), QualitySource.PUSH, List.of(many), null)));
        }
        QualityTally bucket =
                store.buckets(TENANT, alice.id(), T0, T0.plusSeconds(300)).get(0);
        assertThat(bucket.rttMillis()).hasSize(QualityTally.MAX_KEPT);
        assertThat(bucket.rttCount()).isEqualTo(4000);
    }

    @Test
    void theProberSeesOpenSessionsWithAnAddressInKeysetOrder() {
        Session a = online("alice", "A1", "100.64.0.10");
        Session b = online("bob", "B1", "100.64.0.11");
        accounting.track(new TrackAccountingCommand(
                List.of(Fixtures.start(nas, "carol", "C1", T0).build())));
        List<QualityStore.ProbeTarget> all = store.probeTargets(null, 10);
        assertThat(all).extracting(QualityStore.ProbeTarget::session).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(store.probeTargets(all.get(0), 10)).containsExactly(all.get(1));
    }

    @Test
    void aQualityRuleKeepsItsLossThresholdAndRun() {
        PostgresAlertRules rules = new PostgresAlertRules(database.dataSource());
        AlertRule rule = new AlertRule(
                AlertRuleId.random(),
                TENANT,
                "slow",
                AlertRuleType.QUALITY_DEGRADED,
                150,
                null,
                null,
                null,
                null,
                true,
                false,
                Duration.ZERO,
                Set.of(),
                T0,
                new AlertRule.QualityCondition(2.5, 4));
        rules.save(rule);
        assertThat(rules.find(TENANT, rule.id())).contains(rule);
    }
}
