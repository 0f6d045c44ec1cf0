package io.sessionkeeper.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.AlertAction;
import io.sessionkeeper.domain.model.AlertRule;
import io.sessionkeeper.domain.model.AlertRuleId;
import io.sessionkeeper.domain.model.AlertRuleType;
import io.sessionkeeper.domain.model.AlertScope;
import io.sessionkeeper.domain.model.AlertSeverity;
import io.sessionkeeper.domain.model.DeliveryOutcome;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasActivity;
import io.sessionkeeper.domain.model.PendingDelivery;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionFacts;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsagePeriod;
import io.sessionkeeper.domain.model.Webhook;
import io.sessionkeeper.domain.model.WebhookId;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.port.out.WebhookSender;
import io.sessionkeeper.domain.service.AccountingPolicy;
import io.sessionkeeper.domain.service.AccountingService;
import io.sessionkeeper.domain.service.AlertEvaluationService;
import io.sessionkeeper.domain.service.AlertPolicy;
import io.sessionkeeper.domain.service.WebhookDeliveryService;
import io.sessionkeeper.domain.service.WebhookRetrySchedule;
import io.sessionkeeper.domain.testing.Fixtures;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alerting on PostgreSQL: the NAS's last accounting written by the accounting unit of work, the evaluation's reads,
 * and two service instances on one database (each with its own pool and objects) firing and delivering at once.
 */
class PostgresAlertingTest {
    private static final TenantId ACME = Fixtures.TENANT;

    private final TestDatabase database = TestDatabase.get();
    private final Nas nas = Fixtures.nas("Main Router", "192.0.2.1");
    private final Nas other = Fixtures.nas("Branch", "192.0.2.2");
    private final Nas never = Fixtures.nas("Never heard", "192.0.2.3");

    @BeforeEach
    void emptyTables() {
        database.truncate();
        PostgresNasDirectory directory = new PostgresNasDirectory(database.dataSource(), TestDatabase.CIPHER);
        directory.save(nas);
        directory.save(other);
        directory.save(never);
    }

    private void track(AccountingService accounting, AccountingEvent.Builder... events) {
        accounting.track(new TrackAccountingCommand(java.util.Arrays.stream(events)
                .map(AccountingEvent.Builder::build)
                .toList()));
        database.foldSamples();
    }

    private static AccountingService accounting(DataSource dataSource) {
        return new AccountingService(new PostgresSessionRepository(dataSource), AccountingPolicy.DEFAULT);
    }

    @Test
    void theAccountingUnitRecordsEachNasLastAccountingOncePerSecondAtMost() {
        AccountingService accounting = accounting(database.dataSource());
        PostgresAlertFacts facts = new PostgresAlertFacts(database.dataSource());
        Instant t = Instant.now();
        track(accounting, Fixtures.start(nas, "alice", "A1", t), Fixtures.start(other, "bob", "B1", t));
        Map<String, Instant> first = lastAccounting(facts);
        assertThat(first.get("Main Router")).isNotNull();
        assertThat(first.get("Branch")).isNotNull();
        assertThat(first.get("Never heard")).isNull();

        // within the second: not written again (no statement, no new row version)
        String version = rowVersion(nas);
        track(accounting, Fixtures.interim(nas, "alice", "A1", t.plusSeconds(1), 1));
        assertThat(rowVersion(nas)).isEqualTo(version);
        assertThat(lastAccounting(facts).get("Main Router")).isEqualTo(first.get("Main Router"));
    }

    @Test
    void aNewerBatchMovesTheLastAccountingForwardAfterTheSecond() throws Exception {
        AccountingService accounting = accounting(database.dataSource());
        PostgresAlertFacts facts = new PostgresAlertFacts(database.dataSource());
        Instant t = Instant.now();
        track(accounting, Fixtures.start(nas, "alice", "A1", t));
        Instant first = lastAccounting(facts).get("Main Router");
        Thread.sleep(1_100);
        track(accounting, Fixtures.interim(nas, "alice", "A1", t.plusSeconds(2), 2));
        assertThat(lastAccounting(facts).get("Main Router")).isAfter(first);
    }

    private static Map<String, Instant> lastAccounting(PostgresAlertFacts facts) {
        Map<String, Instant> byName = new java.util.HashMap<>();
        for (NasActivity activity : facts.nasActivity(ACME)) {
            byName.put(activity.name(), activity.lastAccounting());
        }
        return byName;
    }

    /** The transaction that last wrote the NAS's row (xmin): unchanged when nothing wrote it. */
    private String rowVersion(Nas of) {
        try (var connection = database.dataSource().getConnection();
                var statement = connection.prepareStatement("SELECT xmin::text FROM nas_activity WHERE nas_id = ?")) {
            statement.setObject(1, of.id().value());
            try (var rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aUsersUsageOfADayCountsOnlyTheTrafficInsideTheDayOfASessionThatSpansMidnight() {
        AccountingService accounting = accounting(database.dataSource());
        PostgresAlertFacts facts = new PostgresAlertFacts(database.dataSource());
        Instant midnight = Instant.parse("2026-01-04T00:00:00Z");
        Instant dayBefore = midnight.minus(Duration.ofDays(1));
        // alice: 3,000 octets by midnight (the interim at midnight), 9,000 more after it
        track(accounting, Fixtures.start(nas, "alice", "A1", midnight.minus(Duration.ofHours(2))));
        track(
                accounting,
                Fixtures.interim(nas, "alice", "A1", midnight.minus(Duration.ofHours(1)), 3600)
                        .outputOctets(1_000, 0));
        track(accounting, Fixtures.interim(nas, "alice", "A1", midnight, 7200).outputOctets(3_000, 0));
        track(
                accounting,
                Fixtures.interim(nas, "alice", "A1", midnight.plus(Duration.ofHours(1)), 10_800)
                        .outputOctets(8_000, 0)
                        .inputOctets(2_000, 0));
        track(
                accounting,
                Fixtures.stop(nas, "alice", "A1", midnight.plus(Duration.ofHours(2)), 14_400)
                        .outputOctets(9_000, 0)
                        .inputOctets(3_000, 0));
        // bob inside the day, carol inside the day before
        track(accounting, Fixtures.start(nas, "bob", "B1", midnight.plus(Duration.ofHours(3))));
        track(
                accounting,
                Fixtures.stop(nas, "bob", "B1", midnight.plus(Duration.ofHours(4)), 3600)
                        .outputOctets(500, 0));
        track(accounting, Fixtures.start(nas, "carol", "C1", dayBefore.plus(Duration.ofHours(3))));
        track(
                accounting,
                Fixtures.stop(nas, "carol", "C1", dayBefore.plus(Duration.ofHours(4)), 3600)
                        .outputOctets(800, 0));

        // dave on the other NAS, still online: counted up to his last interim (his NAS's sessions are read too)
        track(accounting, Fixtures.start(other, "dave", "D1", midnight.plus(Duration.ofHours(5))));
        track(
                accounting,
                Fixtures.interim(other, "dave", "D1", midnight.plus(Duration.ofHours(6)), 3600)
                        .outputOctets(700, 0));
        // erin on the other NAS, closed the day before: not counted
        track(accounting, Fixtures.start(other, "erin", "E1", dayBefore.plus(Duration.ofHours(5))));
        track(
                accounting,
                Fixtures.stop(other, "erin", "E1", dayBefore.plus(Duration.ofHours(6)), 3600)
                        .outputOctets(600, 0));

        assertThat(facts.usageByUser(ACME, midnight, midnight.plus(Duration.ofDays(1)), 0))
                .containsExactlyInAnyOrderEntriesOf(Map.of("alice", 9_000L, "bob", 500L, "dave", 700L));
        assertThat(facts.usageByUser(ACME, dayBefore, midnight, 0))
                .containsExactlyInAnyOrderEntriesOf(Map.of("alice", 3_000L, "carol", 800L, "erin", 600L));
        assertThat(facts.usageByUser(ACME, midnight, midnight.plus(Duration.ofDays(1)), 8_999))
                .containsOnlyKeys("alice");
        assertThat(facts.usageByUser(Fixtures.OTHER_TENANT, midnight, midnight.plus(Duration.ofDays(1)), 0))
                .isEmpty();

        // the preview of a per-day rule reads each day the same way: 5,000 octets a day is crossed on one day only
        var rules = new io.sessionkeeper.domain.service.AlertRuleService(
                new PostgresAlertRules(database.dataSource()),
                new PostgresAlerts(database.dataSource()),
                facts,
                new PostgresTenantDirectory(database.dataSource()),
                AlertPolicy.DEFAULT,
                Clock.fixed(midnight.plus(Duration.ofHours(12)), java.time.ZoneOffset.UTC));
        var preview = rules.preview(new io.sessionkeeper.domain.port.in.SaveAlertRuleCommand(
                ACME,
                "daily",
                AlertRuleType.HIGH_USAGE,
                5_000,
                UsagePeriod.DAY,
                null,
                null,
                null,
                true,
                false,
                0,
                Set.of(),
                null));
        assertThat(preview.fired()).isEqualTo(1);
        assertThat(preview.sampleSubjects()).containsExactly("2026-01-04/alice");
    }

    /**
     * A tenant's day in a time zone off UTC begins inside a UTC day: the sample before it is the last one at or before
     * it, on that UTC day or on the day before (the two are looked up in that order).
     */
    @Test
    void aDayThatBeginsInsideAUtcDayCountsFromTheLastSampleBeforeItOnEitherUtcDay() {
        AccountingService accounting = accounting(database.dataSource());
        PostgresAlertFacts facts = new PostgresAlertFacts(database.dataSource());
        Instant midnight = Instant.parse("2026-01-04T00:00:00Z");
        // frank: 2,000 octets at 22:00, 5,000 at 01:00, 6,000 at 06:00 (UTC)
        track(accounting, Fixtures.start(nas, "frank", "F1", midnight.minus(Duration.ofHours(3))));
        track(
                accounting,
                Fixtures.interim(nas, "frank", "F1", midnight.minus(Duration.ofHours(2)), 3600)
                        .outputOctets(2_000, 0));
        track(
                accounting,
                Fixtures.interim(nas, "frank", "F1", midnight.plus(Duration.ofHours(1)), 14_400)
                        .outputOctets(5_000, 0));
        track(
                accounting,
                Fixtures.interim(nas, "frank", "F1", midnight.plus(Duration.ofHours(6)), 32_400)
                        .outputOctets(6_000, 0));

        // from 00:30 UTC: nothing on that UTC day before it, so the day before's last sample, at 22:00
        assertThat(facts.usageByUser(ACME, midnight.plus(Duration.ofMinutes(30)), midnight.plus(Duration.ofDays(1)), 0))
                .containsEntry("frank", 4_000L);
        // from 05:30 UTC: the sample at 01:00, on the same UTC day
        assertThat(facts.usageByUser(
                        ACME, midnight.plus(Duration.ofMinutes(330)), midnight.plus(Duration.ofDays(1)), 0))
                .containsEntry("frank", 1_000L);
        // from exactly 01:00: that sample itself
        assertThat(facts.usageByUser(ACME, midnight.plus(Duration.ofHours(1)), midnight.plus(Duration.ofDays(1)), 0))
                .containsEntry("frank", 1_000L);
        // from 23:00 the day before: the sample at 22:00, on the same UTC day
        assertThat(facts.usageByUser(ACME, midnight.minus(Duration.ofHours(1)), midnight.plus(Duration.ofDays(1)), 0))
                .containsEntry("frank", 4_000L);
    }

    @Test
    void openSessionsComeInKeysetChunksAndStoppedOnesTellAnInferredEnd() {
        AccountingService accounting = accounting(database.dataSource());
        PostgresAlertFacts facts = new PostgresAlertFacts(database.dataSource());
        Instant t = Fixtures.T0;
        for (int i = 0; i < 7; i++) {
            track(
                    accounting,
                    Fixtures.start(nas, "user" + i, "S" + i, t.plusSeconds(i % 3))
                            .inputOctets(i, 0));
        }
        track(accounting, Fixtures.stop(nas, "user0", "S0", t.plusSeconds(60), 60));
        List<SessionFacts> all = new ArrayList<>();
        SessionFacts after = null;
        List<SessionFacts> chunk;
        do {
            chunk = facts.openSessions(ACME, after, 2);
            all.addAll(chunk);
            after = chunk.isEmpty() ? null : chunk.get(chunk.size() - 1);
        } while (chunk.size() == 2);
        assertThat(all).hasSize(6).extracting(SessionFacts::username).doesNotHaveDuplicates();
        assertThat(all).extracting(SessionFacts::startTime).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        // Accounting-On closes the rest: their end is inferred
        track(
                accounting,
                AccountingEvent.builder(
                        nas, io.sessionkeeper.domain.model.AcctStatusType.ACCOUNTING_ON, t.plusSeconds(120)));
        List<SessionFacts> stopped = facts.stoppedSince(ACME, t, t.plusSeconds(3600), null, 100);
        assertThat(stopped).hasSize(7);
        assertThat(stopped.stream().filter(SessionFacts::endInferred).count()).isEqualTo(6);
        assertThat(facts.usageByUser(ACME, t, t.plusSeconds(3600), 4)).containsOnlyKeys("user5", "user6");
    }

    /** One "instance": its own pool on the shared database and its own objects. */
    private static final class Instance implements AutoCloseable {
        final com.zaxxer.hikari.HikariDataSource pool;
        final PostgresAlerts alerts;
        final AlertEvaluationService evaluation;
        final WebhookDeliveryService deliveries;

        Instance(TestDatabase database, WebhookSender sender) {
            pool = io.sessionkeeper.adapter.persistence.database.DataSources.withoutTimeouts(
                    database.asExternal().url(),
                    database.asExternal().user(),
                    database.asExternal().password(),
                    4,
                    "instance");
            alerts = new PostgresAlerts(pool);
            evaluation = new AlertEvaluationService(
                    new PostgresAlertRules(pool),
                    alerts,
                    new PostgresAlertFacts(pool),
                    alerts,
                    new PostgresTenantDirectory(pool),
                    command -> {
                        throw new AssertionError("no disconnects here");
                    },
                    new PostgresQualityStore(pool),
                    AlertPolicy.DEFAULT,
                    Clock.systemUTC());
            deliveries = new WebhookDeliveryService(
                    new PostgresWebhooks(pool, TestDatabase.CIPHER),
                    sender,
                    WebhookRetrySchedule.DEFAULT,
                    Clock.systemUTC());
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    @Test
    void twoInstancesOnOneDatabaseFireEachAlertOnceAndDeliverEachEventOnce() throws Exception {
        Instant now = Instant.now();
        new PostgresAlertRules(database.dataSource())
                .save(new AlertRule(
                        AlertRuleId.random(),
                        ACME,
                        "long",
                        AlertRuleType.LONG_SESSION,
                        86_400,
                        UsagePeriod.SESSION,
                        AlertScope.ALL,
                        AlertSeverity.WARNING,
                        AlertAction.NOTIFY,
                        true,
                        false,
                        Duration.ZERO,
                        Set.of(),
                        now,
                        null));
        PostgresWebhooks webhooks = new PostgresWebhooks(database.dataSource(), TestDatabase.CIPHER);
        Webhook webhook =
                new Webhook(WebhookId.random(), ACME, URI.create("https://hooks.example.com/x"), null, true, now);
        webhooks.create(webhook, "whsec_two-instances");
        AccountingService accounting = accounting(database.dataSource());
        List<AccountingEvent.Builder> interims = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            interims.add(Fixtures.interim(nas, "user" + i, "L" + i, now, 25 * 3600));
        }
        track(accounting, interims.toArray(AccountingEvent.Builder[]::new));
        List<Session> committed = new PostgresSessionRepository(database.dataSource())
                .find(io.sessionkeeper.domain.port.out.SessionFilter.all(ACME), 0, 100);

        Map<UUID, AtomicInteger> sent = new ConcurrentHashMap<>();
        WebhookSender counting = new WebhookSender() {
            @Override
            public Optional<String> refusal(URI url) {
                return Optional.empty();
            }

            @Override
            public DeliveryOutcome send(PendingDelivery delivery) {
                sent.computeIfAbsent(delivery.eventId(), id -> new AtomicInteger())
                        .incrementAndGet();
                return new DeliveryOutcome.Delivered(204);
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Instance a = new Instance(database, counting);
                Instance b = new Instance(database, counting)) {
            CyclicBarrier start = new CyclicBarrier(4);
            List<Future<?>> work = new ArrayList<>();
            for (Instance instance : List.of(a, b)) {
                work.add(pool.submit(() -> {
                    start.await();
                    instance.evaluation.evaluate(committed);
                    instance.evaluation.sweep();
                    return null;
                }));
                work.add(pool.submit(() -> {
                    start.await();
                    instance.evaluation.sweep();
                    instance.evaluation.evaluate(committed);
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            assertThat(a.alerts.findOpen(
                            ACME,
                            new PostgresAlertRules(database.dataSource())
                                    .findEnabled()
                                    .get(0)
                                    .id()))
                    .hasSize(40);

            CyclicBarrier deliver = new CyclicBarrier(4);
            List<Future<?>> workers = new ArrayList<>();
            for (Instance instance : List.of(a, b, a, b)) {
                workers.add(pool.submit(() -> {
                    deliver.await();
                    while (instance.deliveries.deliverDue(3) > 0) {
                        // the four take turns on the outbox
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(webhooks.countDeliveries(ACME, webhook.id())).isEqualTo(40);
        assertThat(sent).hasSize(40);
        assertThat(sent.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(webhooks.deliveries(ACME, webhook.id(), 0, 100)).allSatisfy(d -> assertThat(d.status())
                .isEqualTo(io.sessionkeeper.domain.model.WebhookDelivery.Status.DELIVERED));
    }
}
