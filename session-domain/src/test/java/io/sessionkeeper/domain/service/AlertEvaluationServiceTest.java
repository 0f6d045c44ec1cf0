package io.sessionkeeper.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.Alert;
import io.sessionkeeper.domain.model.AlertAction;
import io.sessionkeeper.domain.model.AlertRule;
import io.sessionkeeper.domain.model.AlertRuleType;
import io.sessionkeeper.domain.model.AlertScope;
import io.sessionkeeper.domain.model.AlertSeverity;
import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.DisconnectResult;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionEvent.CoaAnswer;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsagePeriod;
import io.sessionkeeper.domain.model.Webhook;
import io.sessionkeeper.domain.model.WebhookEvent;
import io.sessionkeeper.domain.model.WebhookId;
import io.sessionkeeper.domain.port.in.AlertPreview;
import io.sessionkeeper.domain.port.in.SaveAlertRuleCommand;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.InMemoryAlertFacts;
import io.sessionkeeper.domain.testing.InMemoryAlertRules;
import io.sessionkeeper.domain.testing.InMemoryAlerting;
import io.sessionkeeper.domain.testing.InMemoryCustomerDirectory;
import io.sessionkeeper.domain.testing.InMemoryNasDirectory;
import io.sessionkeeper.domain.testing.InMemoryQualityStore;
import io.sessionkeeper.domain.testing.InMemorySessionRepository;
import io.sessionkeeper.domain.testing.InMemoryTenantDirectory;
import io.sessionkeeper.domain.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The evaluation of alert rules: sweep, prompt path, reminders, auto-disconnect and its guards, preview. */
class AlertEvaluationServiceTest {
    private static final TenantId ACME = Fixtures.TENANT;
    private static final Instant T0 = Fixtures.T0;
    private static final long DAY = 86_400;

    private final MutableClock clock = new MutableClock(T0);
    private final InMemorySessionRepository sessions = new InMemorySessionRepository();
    private final InMemoryNasDirectory nasDirectory = new InMemoryNasDirectory();
    private final InMemoryCustomerDirectory customers = new InMemoryCustomerDirectory();
    private final InMemoryAlertRules rules = new InMemoryAlertRules();
    private final InMemoryAlerting alerting = new InMemoryAlerting();
    private final InMemoryAlertFacts facts = new InMemoryAlertFacts(sessions, nasDirectory, customers);
    private final ScriptedDisconnector nasSide = new ScriptedDisconnector();
    private final InMemoryQualityStore quality = new InMemoryQualityStore(sessions);
    private final AlertHandOff handOff = new AlertHandOff(100);
    private final AccountingService accounting = new AccountingService(sessions, AccountingPolicy.DEFAULT, handOff);
    private AlertPolicy policy = AlertPolicy.DEFAULT.withRulesRefresh(Duration.ofMillis(1));
    private final Nas nas = Fixtures.nas("Main Router", "192.0.2.1");
    private final Webhook webhook =
            new Webhook(WebhookId.random(), ACME, URI.create("https://hooks.example.com/a"), null, true, T0);

    AlertEvaluationServiceTest() {
        nasDirectory.save(nas);
        alerting.create(webhook, "whsec_x");
    }

    private AlertEvaluationService evaluation() {
        return new AlertEvaluationService(
                rules,
                alerting,
                facts,
                alerting,
                new InMemoryTenantDirectory(),
                new TerminateSessionService(sessions, nasDirectory, nasSide, sessions.events(), clock),
                quality,
                policy,
                clock);
    }

    private AlertRule rule(AlertRuleType type, long threshold, AlertAction action, boolean dryRun, Set<String> exempt) {
        return rule(type, UsagePeriod.SESSION, threshold, AlertScope.ALL, action, dryRun, exempt, Duration.ZERO);
    }

    private AlertRule rule(
            AlertRuleType type,
            UsagePeriod period,
            long threshold,
            AlertScope scope,
            AlertAction action,
            boolean dryRun,
            Set<String> exempt,
            Duration renotify) {
        AlertRule rule = new AlertRule(
                io.sessionkeeper.domain.model.AlertRuleId.random(),
                ACME,
                type + " " + threshold,
                type,
                threshold,
                period,
                scope,
                AlertSeverity.WARNING,
                action,
                true,
                dryRun,
                renotify,
                exempt,
                T0,
                null);
        rules.save(rule);
        return rule;
    }

    private AlertRule notify(AlertRuleType type, long threshold) {
        return rule(type, threshold, AlertAction.NOTIFY, false, Set.of());
    }

    private void track(AccountingEvent.Builder... events) {
        accounting.track(new TrackAccountingCommand(
                Arrays.stream(events).map(AccountingEvent.Builder::build).toList()));
    }

    /** A session of {@code user} whose interim at now says it began {@code ageSeconds} ago. */
    private void sessionOf(String user, String id, long ageSeconds) {
        track(Fixtures.interim(nas, user, id, clock.instant(), ageSeconds));
    }

    private List<String> eventTypes() {
        return alerting.events(webhook.id()).stream().map(WebhookEvent::type).toList();
    }

    private List<Alert> open() {
        return alerting.all().stream().filter(Alert::isOpen).toList();
    }

    /** A probe of the session at {@code at}: 5 echoes, these answered. */
    private void probed(io.sessionkeeper.domain.model.SessionId session, Instant at, Double... rtts) {
        quality.add(List.of(new io.sessionkeeper.domain.model.QualityMeasurement(
                ACME,
                session,
                at,
                io.sessionkeeper.domain.model.QualitySource.PROBE,
                List.of(rtts),
                new io.sessionkeeper.domain.model.QualityMeasurement.Echoes(5, 5 - rtts.length))));
    }

    @Test
    void qualityDegradedFiresAfterNDegradedBucketsInARowAndResolvesOnRecovery() {
        AlertRule rule = new AlertRule(
                io.sessionkeeper.domain.model.AlertRuleId.random(),
                ACME,
                "slow or lossy",
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
                new AlertRule.QualityCondition(20.0, 3));
        rules.save(rule);
        sessionOf("alice", "A1", 3600);
        sessionOf("bob", "B1", 3600);
        var alice = sessions.all().stream()
                .filter(x -> x.username().equals("alice"))
                .findFirst()
                .orElseThrow()
                .id();
        var bob = sessions.all().stream()
                .filter(x -> x.username().equals("bob"))
                .findFirst()
                .orElseThrow()
                .id();
        AlertEvaluationService evaluation = evaluation();
        // T0 is 10:00: buckets 09:45, 09:50, 09:55 are the last three closed ones
        probed(alice, T0.minusSeconds(15 * 60 - 30), 200.0, 210.0, 220.0, 230.0, 240.0); // p95 240 ms
        probed(alice, T0.minusSeconds(10 * 60 - 30), 20.0, 20.0); // 60 % lost, RTT fine
        probed(bob, T0.minusSeconds(15 * 60 - 30), 200.0, 200.0, 200.0, 200.0, 200.0);
        probed(bob, T0.minusSeconds(10 * 60 - 30), 200.0, 200.0, 200.0, 200.0, 200.0);
        assertThat(evaluation.sweep().fired())
                .as("two degraded buckets of three: not yet")
                .isZero();

        probed(alice, T0.minusSeconds(5 * 60 - 30)); // every echo lost: RTT unknown, loss 100 %
        probed(bob, T0.minusSeconds(5 * 60 - 30), 20.0, 20.0, 20.0, 20.0, 20.0); // bob recovered
        assertThat(evaluation.sweep().fired()).isEqualTo(1);
        assertThat(open()).singleElement().satisfies(alert -> {
            assertThat(alert.ruleType()).isEqualTo(AlertRuleType.QUALITY_DEGRADED);
            assertThat(alert.subject().username()).isEqualTo("alice");
            assertThat(alert.value()).as("the worst p95 of the run").isEqualTo(240);
            assertThat(alert.threshold()).isEqualTo(150);
        });

        // 10:05: the 10:00 bucket is closed, and fine: the run of three is broken
        clock.advance(Duration.ofMinutes(5));
        probed(alice, T0.plusSeconds(30), 20.0, 21.0, 20.0, 22.0, 20.0);
        sessionOf("alice", "A1", 3900);
        assertThat(evaluation.sweep().resolved()).isEqualTo(1);
        assertThat(open()).isEmpty();
        assertThat(eventTypes()).containsExactly("alert.fired", "alert.resolved");
    }

    @Test
    void aQualityRuleWithoutMeasurementsNeverFires() {
        rules.save(new AlertRule(
                io.sessionkeeper.domain.model.AlertRuleId.random(),
                ACME,
                "slow",
                AlertRuleType.QUALITY_DEGRADED,
                1,
                null,
                null,
                null,
                null,
                true,
                false,
                Duration.ZERO,
                Set.of(),
                T0,
                new AlertRule.QualityCondition(0.0, 1)));
        sessionOf("alice", "A1", 3600);
        // unknown is not degraded: a session nobody measured does not alert, whatever the thresholds
        assertThat(evaluation().sweep().fired()).isZero();
    }

    @Test
    void aLongSessionFiresOnceWhileItHoldsAndResolvesWhenItEnds() {
        AlertRule rule = notify(AlertRuleType.LONG_SESSION, DAY);
        sessionOf("alice", "A1", 25 * 3600);
        sessionOf("bob", "B1", 3600);
        AlertEvaluationService evaluation = evaluation();

        assertThat(evaluation.sweep().fired()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(5));
        sessionOf("alice", "A1", 25 * 3600 + 300);
        assertThat(evaluation.sweep().fired()).isZero();
        assertThat(open()).singleElement().satisfies(alert -> {
            assertThat(alert.ruleId()).isEqualTo(rule.id());
            assertThat(alert.subject().username()).isEqualTo("alice");
            assertThat(alert.value()).isEqualTo(25 * 3600);
        });
        WebhookEvent fired = alerting.events(webhook.id()).get(0);
        assertThat(fired.body())
                .startsWith("{\"id\":\"" + fired.id() + "\",\"type\":\"alert.fired\",\"tenant\":\"acme\"")
                .contains("\"rule\":{\"id\":\"" + rule.id() + "\"")
                .contains("\"type\":\"LONG_SESSION\"")
                .contains("\"username\":\"alice\"")
                .contains("\"values\":{\"observed\":90000,\"threshold\":86400}");

        track(Fixtures.stop(nas, "alice", "A1", clock.instant(), 25 * 3600 + 400));
        assertThat(evaluation.sweep().resolved()).isEqualTo(1);
        assertThat(open()).isEmpty();
        assertThat(eventTypes()).containsExactly("alert.fired", "alert.resolved");
    }

    @Test
    void theCommitHandsSessionsOverAndThePromptPathFiresWithoutASweep() throws Exception {
        notify(AlertRuleType.LONG_SESSION, DAY);
        AlertEvaluationService evaluation = evaluation();
        sessionOf("alice", "A1", 25 * 3600);

        List<Session> committed = handOff.take(Duration.ofSeconds(1));
        assertThat(committed).extracting(Session::username).containsExactly("alice");
        // the count says when there are deliveries to make (the webhook workers are woken by it)
        assertThat(evaluation.evaluate(committed)).isEqualTo(1);
        assertThat(evaluation.evaluate(committed)).isZero();

        assertThat(open()).hasSize(1);
        assertThat(eventTypes()).containsExactly("alert.fired");
        // the sweep sees it open: nothing more
        assertThat(evaluation.sweep().fired()).isZero();
    }

    @Test
    void aSessionThatWentQuietIsStaleNotLong() {
        notify(AlertRuleType.LONG_SESSION, DAY);
        notify(AlertRuleType.STALE_SESSION, 3600);
        sessionOf("alice", "A1", 3600);
        clock.advance(Duration.ofHours(30));

        evaluation().sweep();

        assertThat(open()).singleElement().satisfies(alert -> {
            assertThat(alert.ruleType()).isEqualTo(AlertRuleType.STALE_SESSION);
            assertThat(alert.value()).isEqualTo(30 * 3600);
        });
    }

    @Test
    void moreLiveSessionsOfOneUserThanTheLimitFireOnceForTheUser() {
        notify(AlertRuleType.MULTI_SESSION, 2);
        sessionOf("alice", "A0", 600);
        clock.advance(Duration.ofHours(25));
        sessionOf("alice", "A1", 600);
        sessionOf("alice", "A2", 600);
        sessionOf("bob", "B1", 600);
        AlertEvaluationService evaluation = evaluation();

        // A0 had no accounting for longer than the stale threshold: not a live connection
        assertThat(evaluation.sweep().fired()).isZero();
        sessionOf("alice", "A3", 600);
        assertThat(evaluation.sweep().fired()).isEqualTo(1);
        assertThat(open()).singleElement().satisfies(alert -> {
            assertThat(alert.subject().key()).isEqualTo("alice");
            assertThat(alert.value()).isEqualTo(3);
        });
    }

    @Test
    void aRedialWhoseOldSessionLostItsStopIsNotASecondConnectionButTwoTalkingSessionsAre() {
        notify(AlertRuleType.MULTI_SESSION, 1);
        // the old session's last accounting, then a redial 10 minutes later (its Stop lost): the old one is still
        // live (within the stale threshold) but had no accounting since the new one began
        sessionOf("alice", "A1", 600);
        clock.advance(Duration.ofMinutes(10));
        sessionOf("alice", "A2", 300);
        AlertEvaluationService evaluation = evaluation();
        assertThat(evaluation.sweep().fired()).isZero();

        // bob's two sessions both send accounting after both began: two connections at once
        sessionOf("bob", "B1", 1200);
        sessionOf("bob", "B2", 300);
        assertThat(evaluation.sweep().fired()).isEqualTo(1);
        assertThat(open()).singleElement().satisfies(alert -> {
            assertThat(alert.subject().key()).isEqualTo("bob");
            assertThat(alert.value()).isEqualTo(2);
        });
    }

    @Test
    void aNasHeardLongerAgoThanTheThresholdIsSilentAndOneNeverHeardIsNot() {
        Nas quiet = Fixtures.nas("Quiet", "192.0.2.9");
        nasDirectory.save(quiet);
        notify(AlertRuleType.NAS_SILENT, 3600);
        facts.heard(nas.id(), T0.minus(Duration.ofMinutes(10)));
        AlertEvaluationService evaluation = evaluation();
        assertThat(evaluation.sweep().fired()).isZero();

        clock.advance(Duration.ofHours(2));
        assertThat(evaluation.sweep().fired()).isEqualTo(1);
        assertThat(open())
                .singleElement()
                .satisfies(alert -> assertThat(alert.subject().nasId()).isEqualTo(nas.id()));

        facts.heard(nas.id(), clock.instant());
        assertThat(evaluation.sweep().resolved()).isEqualTo(1);
    }

    /** A rule on a customer's day of usage above {@code threshold} octets, for every customer, notifying. */
    private AlertRule dayUsage(long threshold) {
        return rule(
                AlertRuleType.HIGH_USAGE,
                UsagePeriod.DAY,
                threshold,
                AlertScope.ALL,
                AlertAction.NOTIFY,
                false,
                Set.of(),
                Duration.ZERO);
    }

    @Test
    void highUsagePerSessionAndPerCustomerDay() {
        AlertRule perSession = notify(AlertRuleType.HIGH_USAGE, 1_000_000);
        AlertRule perDay = dayUsage(1_500_000);
        track(Fixtures.interim(nas, "alice", "A1", T0, 60)
                .inputOctets(400_000, 0)
                .outputOctets(500_000, 0));
        track(Fixtures.interim(nas, "alice", "A2", T0, 60)
                .inputOctets(400_000, 0)
                .outputOctets(500_000, 0));
        track(Fixtures.interim(nas, "bob", "B1", T0, 60).outputOctets(1_200_000, 0));

        evaluation().sweep();

        assertThat(alerting.findOpen(ACME, perSession.id()))
                .extracting(a -> a.subject().username())
                .containsExactly("bob");
        assertThat(alerting.findOpen(ACME, perDay.id())).singleElement().satisfies(alert -> {
            assertThat(alert.subject().key()).isEqualTo("2026-01-04/alice");
            assertThat(alert.value()).isEqualTo(1_800_000);
        });
    }

    @Test
    void perDayUsageRulesOfATenantShareOneReadOfItsDayEachKeepingTheUsersAboveItsOwnThreshold() {
        AlertRule low = dayUsage(1_000_000);
        AlertRule high = dayUsage(1_500_000);
        track(Fixtures.interim(nas, "alice", "A1", T0, 60).outputOctets(1_800_000, 0));
        track(Fixtures.interim(nas, "bob", "B1", T0, 60).outputOctets(1_200_000, 0));
        track(Fixtures.interim(nas, "carol", "C1", T0, 60).outputOctets(1_000_000, 0));

        evaluation().sweep();

        assertThat(facts.usageReads).as("one read of the day for both rules").isEqualTo(1);
        assertThat(alerting.findOpen(ACME, low.id()))
                .extracting(a -> a.subject().username())
                .containsExactlyInAnyOrder("alice", "bob");
        assertThat(alerting.findOpen(ACME, high.id()))
                .extracting(a -> a.subject().username())
                .containsExactly("alice");
    }

    @Test
    void aPackageScopeWatchesOnlyItsCustomers() {
        rule(
                AlertRuleType.LONG_SESSION,
                UsagePeriod.SESSION,
                DAY,
                new AlertScope(AlertScope.Kind.PACKAGE, "Gold"),
                AlertAction.NOTIFY,
                false,
                Set.of(),
                Duration.ZERO);
        customers.save(new Customer(
                io.sessionkeeper.domain.model.CustomerId.random(),
                ACME,
                "alice",
                "Alice",
                null,
                null,
                new io.sessionkeeper.domain.model.ServicePackage("Gold", 10, 10)));
        sessionOf("alice", "A1", 25 * 3600);
        sessionOf("bob", "B1", 25 * 3600);

        evaluation().sweep();

        assertThat(open()).extracting(a -> a.subject().username()).containsExactly("alice");
    }

    @Test
    void anOpenAlertRemindsAtMostEveryInterval() {
        rule(
                AlertRuleType.LONG_SESSION,
                UsagePeriod.SESSION,
                DAY,
                AlertScope.ALL,
                AlertAction.NOTIFY,
                false,
                Set.of(),
                Duration.ofHours(4));
        sessionOf("alice", "A1", 25 * 3600);
        AlertEvaluationService evaluation = evaluation();
        evaluation.sweep();
        for (int i = 0; i < 9; i++) {
            clock.advance(Duration.ofMinutes(30));
            sessionOf("alice", "A1", 25 * 3600 + (i + 1) * 1800L);
            evaluation.sweep();
        }
        // 4.5 hours: one reminder, at 4 hours
        assertThat(eventTypes()).containsExactly("alert.fired", "alert.reminder");
    }

    @Test
    void autoDisconnectAsksTheNasAndRecordsItsAnswerOnTheAlert() {
        rule(AlertRuleType.LONG_SESSION, DAY, AlertAction.AUTO_DISCONNECT, false, Set.of());
        sessionOf("alice", "A1", 25 * 3600);

        evaluation().sweep();

        assertThat(nasSide.requests).containsExactly("disconnect Main Router A1");
        assertThat(open()).singleElement().satisfies(alert -> {
            assertThat(alert.disconnect().status()).isEqualTo(Alert.AutoDisconnect.Status.ACK);
            assertThat(alert.disconnect().detail()).contains("1 attempt(s)");
        });
        assertThat(sessions.all()).singleElement().satisfies(s -> assertThat(s.isActive())
                .isFalse());
        assertThat(eventTypes()).containsExactly("alert.fired", "alert.auto_disconnect");
        assertThat(alerting.events(webhook.id()).get(1).body()).contains("\"disconnect\":{\"result\":\"ack\"");
    }

    @Test
    void aNakOrATimeOutIsRecordedAndTheSessionStaysOpen() {
        rule(AlertRuleType.LONG_SESSION, DAY, AlertAction.AUTO_DISCONNECT, false, Set.of());
        nasSide.answer = new DisconnectResult.TimedOut(3, 3000);
        sessionOf("alice", "A1", 25 * 3600);

        evaluation().sweep();

        assertThat(open()).singleElement().satisfies(alert -> assertThat(
                        alert.disconnect().status())
                .isEqualTo(Alert.AutoDisconnect.Status.TIMEOUT));
        assertThat(sessions.all()).singleElement().satisfies(s -> assertThat(s.isActive())
                .isTrue());
    }

    @Test
    void autoDisconnectShowsOnTheSessionsTimelineAsARequestOfTheServiceAndTheNasAnswer() {
        rule(AlertRuleType.LONG_SESSION, DAY, AlertAction.AUTO_DISCONNECT, false, Set.of());
        nasSide.answer = new DisconnectResult.Nacked(501, 1, 5);
        sessionOf("alice", "A1", 25 * 3600);
        Session session = sessions.all().iterator().next();

        evaluation().sweep();

        assertThat(sessions.events().of(ACME, session.id(), 0, 10))
                .extracting(SessionEvent::detail)
                .containsExactly(
                        // no token asked: the service itself did
                        new SessionEvent.DisconnectRequested(null, false),
                        new SessionEvent.DisconnectAnswered(new CoaAnswer(CoaAnswer.Outcome.NAK, 501)));
    }

    @Test
    void aDryRunAndTheAllowListNeverAskTheNas() {
        rule(AlertRuleType.LONG_SESSION, DAY, AlertAction.AUTO_DISCONNECT, true, Set.of());
        rule(AlertRuleType.HIGH_USAGE, 1, AlertAction.AUTO_DISCONNECT, false, Set.of("alice"));
        track(Fixtures.interim(nas, "alice", "A1", T0, 25 * 3600).outputOctets(10, 0));

        evaluation().sweep();

        assertThat(nasSide.requests).isEmpty();
        assertThat(open())
                .extracting(a -> a.disconnect().status())
                .containsExactlyInAnyOrder(
                        Alert.AutoDisconnect.Status.DRY_RUN, Alert.AutoDisconnect.Status.SKIPPED_ALLOW_LIST);
    }

    @Test
    void theTenantsRateAndTheUsersCoolDownLimitAutoDisconnects() {
        policy = policy.withDisconnects(2, Duration.ofHours(1));
        rule(AlertRuleType.LONG_SESSION, DAY, AlertAction.AUTO_DISCONNECT, false, Set.of());
        sessionOf("alice", "A1", 25 * 3600);
        sessionOf("bob", "B1", 25 * 3600);
        sessionOf("carol", "C1", 25 * 3600);
        AlertEvaluationService evaluation = evaluation();

        evaluation.sweep();
        assertThat(nasSide.requests).hasSize(2);
        assertThat(alerting.all())
                .extracting(a -> a.disconnect().status())
                .containsExactlyInAnyOrder(
                        Alert.AutoDisconnect.Status.ACK,
                        Alert.AutoDisconnect.Status.ACK,
                        Alert.AutoDisconnect.Status.SKIPPED_RATE_LIMIT);

        // a disconnected user dials again and is long again at once (a NAS that reports a long Acct-Session-Time):
        // cooling down. Which two of the three were asked depends on the sweep's order (the three began at the same
        // time, so their random ids decide): take one of them.
        String kicked = alerting.all().stream()
                .filter(a -> a.disconnect().status() == Alert.AutoDisconnect.Status.ACK)
                .map(a -> a.subject().username())
                .findFirst()
                .orElseThrow();
        clock.advance(Duration.ofMinutes(5));
        sessionOf(kicked, "AGAIN", 25 * 3600);
        evaluation.sweep();
        assertThat(alerting.all().stream()
                        .filter(a -> a.subject().username().equals(kicked))
                        .map(a -> a.disconnect().status()))
                .contains(Alert.AutoDisconnect.Status.SKIPPED_COOLDOWN);
        assertThat(nasSide.requests).hasSize(2);
    }

    @Test
    void thePreviewReplaysTheHistoryAndSaysWhatItCannotTell() {
        AlertRuleService service =
                new AlertRuleService(rules, alerting, facts, new InMemoryTenantDirectory(), AlertPolicy.DEFAULT, clock);
        // long and ended by its NAS: counted; long but closed by Accounting-On (its end inferred): not long
        track(Fixtures.interim(nas, "alice", "A1", T0, 25 * 3600));
        track(Fixtures.stop(nas, "alice", "A1", T0.plusSeconds(60), 25 * 3600 + 60));
        track(Fixtures.interim(nas, "bob", "B1", T0, 25 * 3600));
        track(AccountingEvent.builder(
                        nas, io.sessionkeeper.domain.model.AcctStatusType.ACCOUNTING_ON, T0.plusSeconds(120))
                .eventTimestamp(T0.plusSeconds(120)));
        clock.advance(Duration.ofHours(1));

        AlertPreview longSessions = service.preview(command(AlertRuleType.LONG_SESSION, DAY));
        assertThat(longSessions.supported()).isTrue();
        assertThat(longSessions.fired()).isEqualTo(1);
        assertThat(longSessions.sampleSubjects()).hasSize(1);

        AlertPreview silent = service.preview(command(AlertRuleType.NAS_SILENT, 3600));
        assertThat(silent.supported()).isFalse();
        assertThat(silent.reason()).contains("only the latest is stored");
    }

    private static SaveAlertRuleCommand command(AlertRuleType type, long threshold) {
        return new SaveAlertRuleCommand(
                ACME, "preview", type, threshold, null, null, null, null, true, false, 0, Set.of(), null);
    }
}
