package io.sessionkeeper.domain.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.Alert;
import io.sessionkeeper.domain.model.AlertAction;
import io.sessionkeeper.domain.model.AlertRule;
import io.sessionkeeper.domain.model.AlertRuleId;
import io.sessionkeeper.domain.model.AlertRuleType;
import io.sessionkeeper.domain.model.AlertScope;
import io.sessionkeeper.domain.model.AlertSeverity;
import io.sessionkeeper.domain.model.AlertSubject;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.PendingDelivery;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsagePeriod;
import io.sessionkeeper.domain.model.Webhook;
import io.sessionkeeper.domain.model.WebhookDelivery;
import io.sessionkeeper.domain.model.WebhookEvent;
import io.sessionkeeper.domain.model.WebhookId;
import io.sessionkeeper.domain.port.out.AlertActionLog;
import io.sessionkeeper.domain.port.out.AlertFilter;
import io.sessionkeeper.domain.port.out.AlertRules;
import io.sessionkeeper.domain.port.out.Alerts;
import io.sessionkeeper.domain.port.out.Webhooks;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the alerting stores must do: one implementation in memory, one in PostgreSQL. */
public abstract class AlertingContract {
    protected static final TenantId ACME = Fixtures.TENANT;
    protected static final TenantId GLOBEX = Fixtures.OTHER_TENANT;
    protected static final Instant T0 = Fixtures.T0;

    /** The four ports over one empty store. */
    public record Stores(AlertRules rules, Alerts alerts, Webhooks webhooks, AlertActionLog actionLog) {}

    protected abstract Stores createStores();

    private Stores stores;

    @BeforeEach
    void setUpContract() {
        stores = createStores();
    }

    protected static AlertRule rule(TenantId tenant) {
        return new AlertRule(
                AlertRuleId.random(),
                tenant,
                "long",
                AlertRuleType.LONG_SESSION,
                86_400,
                UsagePeriod.SESSION,
                AlertScope.ALL,
                AlertSeverity.WARNING,
                AlertAction.NOTIFY,
                true,
                false,
                Duration.ofHours(24),
                Set.of("vip"),
                T0,
                null);
    }

    private static AlertSubject session(String user) {
        return AlertSubject.session(SessionId.random(), user, NasId.random());
    }

    private static WebhookEvent event(TenantId tenant, Instant at) {
        return new WebhookEvent(UUID.randomUUID(), "alert.fired", tenant, at, "{\"n\":1}");
    }

    private Webhook webhook(TenantId tenant, boolean enabled) {
        Webhook webhook = new Webhook(
                WebhookId.random(), tenant, URI.create("https://hooks.example.com/" + tenant), null, enabled, T0);
        stores.webhooks().create(webhook, "whsec_test-secret-" + tenant);
        return webhook;
    }

    @Test
    void rulesAreSavedReplacedListedAndDeletedPerTenant() {
        AlertRule rule = rule(ACME);
        stores.rules().save(rule);
        stores.rules().save(rule(GLOBEX));
        assertThat(stores.rules().find(ACME, rule.id())).contains(rule);
        assertThat(stores.rules().find(GLOBEX, rule.id())).isEmpty();
        AlertRule disabled = new AlertRule(
                rule.id(),
                ACME,
                "renamed",
                rule.type(),
                rule.threshold(),
                rule.period(),
                rule.scope(),
                rule.severity(),
                rule.action(),
                false,
                rule.dryRun(),
                rule.renotifyEvery(),
                rule.exemptUsers(),
                rule.createdAt(),
                rule.quality());
        stores.rules().save(disabled);
        assertThat(stores.rules().findByTenant(ACME)).containsExactly(disabled);
        assertThat(stores.rules().findEnabled()).extracting(AlertRule::tenant).containsExactly(GLOBEX);
        assertThat(stores.rules().delete(GLOBEX, rule.id())).isFalse();
        assertThat(stores.rules().delete(ACME, rule.id())).isTrue();
        assertThat(stores.rules().findByTenant(ACME)).isEmpty();
    }

    @Test
    void aRuleHasOneOpenAlertPerSubjectUntilItIsResolved() {
        AlertRule rule = rule(ACME);
        AlertSubject subject = session("alice");
        Alert first = Alert.fired(rule, subject, 90_000, T0);
        assertThat(stores.alerts().fire(first, event(ACME, T0))).isTrue();
        assertThat(stores.alerts().fire(Alert.fired(rule, subject, 91_000, T0.plusSeconds(1)), event(ACME, T0)))
                .isFalse();
        assertThat(stores.alerts().fire(Alert.fired(rule, session("bob"), 90_000, T0), event(ACME, T0)))
                .isTrue();
        assertThat(stores.alerts().findOpen(ACME, rule.id())).hasSize(2);

        assertThat(stores.alerts().resolve(ACME, first.id(), T0.plusSeconds(60), event(ACME, T0)))
                .isTrue();
        assertThat(stores.alerts().resolve(ACME, first.id(), T0.plusSeconds(61), event(ACME, T0)))
                .isFalse();
        assertThat(stores.alerts().find(ACME, first.id()).orElseThrow().resolvedAt())
                .isEqualTo(T0.plusSeconds(60));
        assertThat(stores.alerts().fire(Alert.fired(rule, subject, 95_000, T0.plusSeconds(120)), event(ACME, T0)))
                .isTrue();
        assertThat(stores.alerts().count(new AlertFilter(ACME, AlertFilter.Status.OPEN, null, null, null, null)))
                .isEqualTo(2);
        assertThat(stores.alerts().count(new AlertFilter(ACME, AlertFilter.Status.RESOLVED, null, null, null, null)))
                .isEqualTo(1);
        assertThat(stores.alerts().find(GLOBEX, first.id())).isEmpty();
    }

    @Test
    void eachChangeQueuesItsEventForTheTenantsEnabledWebhooksOnly() {
        Webhook enabled = webhook(ACME, true);
        Webhook disabled = webhook(ACME, false);
        Webhook foreign = webhook(GLOBEX, true);
        AlertRule rule = rule(ACME);
        Alert alert = Alert.fired(rule, session("alice"), 90_000, T0);
        stores.alerts().fire(alert, event(ACME, T0));
        stores.alerts().fire(Alert.fired(rule, alert.subject(), 1, T0), event(ACME, T0));
        stores.alerts().remind(ACME, alert.id(), T0, T0.plusSeconds(3600), event(ACME, T0.plusSeconds(3600)));
        stores.alerts().remind(ACME, alert.id(), T0, T0.plusSeconds(3700), event(ACME, T0.plusSeconds(3700)));

        assertThat(stores.webhooks().countDeliveries(ACME, enabled.id())).isEqualTo(2);
        assertThat(stores.webhooks().countDeliveries(ACME, disabled.id())).isZero();
        assertThat(stores.webhooks().countDeliveries(GLOBEX, foreign.id())).isZero();
        assertThat(stores.alerts().find(ACME, alert.id()).orElseThrow().lastNotifiedAt())
                .isEqualTo(T0.plusSeconds(3600));
    }

    @Test
    void aClaimedDeliveryIsNobodyElsesUntilItsLeaseEnds() {
        Webhook webhook = webhook(ACME, true);
        WebhookEvent event = event(ACME, T0);
        long id = stores.webhooks().enqueue(webhook.id(), event);

        List<PendingDelivery> first = stores.webhooks().claimDue(T0, Duration.ofSeconds(60), 10);
        assertThat(first).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(id);
            assertThat(d.eventId()).isEqualTo(event.id());
            assertThat(d.body()).isEqualTo(event.body());
            assertThat(d.secret()).isEqualTo("whsec_test-secret-acme");
            assertThat(d.attempt()).isEqualTo(1);
        });
        assertThat(stores.webhooks().claimDue(T0.plusSeconds(59), Duration.ofSeconds(60), 10))
                .isEmpty();
        // the claimer died: after the lease it is claimed again, the same event, a second attempt
        assertThat(stores.webhooks().claimDue(T0.plusSeconds(61), Duration.ofSeconds(60), 10))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.eventId()).isEqualTo(event.id());
                    assertThat(d.attempt()).isEqualTo(2);
                });
    }

    @Test
    void anAttemptRecordedPendingIsDueAgainAtItsNextTimeAndADeliveredOneNever() {
        Webhook webhook = webhook(ACME, true);
        long id = stores.webhooks().enqueue(webhook.id(), event(ACME, T0));
        stores.webhooks().claimDue(T0, Duration.ofSeconds(60), 10);
        stores.webhooks().recordAttempt(ACME, id, WebhookDelivery.Status.PENDING, 503, "busy", T0, T0.plusSeconds(5));
        assertThat(stores.webhooks().claimDue(T0.plusSeconds(4), Duration.ofSeconds(60), 10))
                .isEmpty();
        assertThat(stores.webhooks().claimDue(T0.plusSeconds(5), Duration.ofSeconds(60), 10))
                .hasSize(1);
        stores.webhooks().recordAttempt(ACME, id, WebhookDelivery.Status.DELIVERED, 204, null, T0.plusSeconds(5), null);
        assertThat(stores.webhooks().claimDue(T0.plusSeconds(600), Duration.ofSeconds(60), 10))
                .isEmpty();
        WebhookDelivery logged =
                stores.webhooks().deliveries(ACME, webhook.id(), 0, 10).get(0);
        assertThat(logged.status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
        assertThat(logged.attempts()).isEqualTo(2);
        assertThat(logged.lastStatus()).isEqualTo(204);
        assertThat(logged.deliveredAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(stores.webhooks().deliveries(GLOBEX, webhook.id(), 0, 10)).isEmpty();
    }

    @Test
    void deletingAWebhookDropsItsPendingDeliveries() {
        Webhook webhook = webhook(ACME, true);
        stores.webhooks().enqueue(webhook.id(), event(ACME, T0));
        assertThat(stores.webhooks().delete(GLOBEX, webhook.id())).isFalse();
        assertThat(stores.webhooks().delete(ACME, webhook.id())).isTrue();
        assertThat(stores.webhooks().claimDue(T0.plusSeconds(1), Duration.ofSeconds(60), 10))
                .isEmpty();
        assertThat(stores.webhooks().findByTenant(ACME)).isEmpty();
    }

    @Test
    void disconnectClaimsKeepTheTenantsRateAndTheUsersCoolDown() {
        AlertRule rule = rule(ACME);
        Alert alice = Alert.fired(rule, session("alice"), 90_000, T0);
        Alert aliceAgain = Alert.fired(rule, session("alice"), 90_000, T0);
        Alert bob = Alert.fired(rule, session("bob"), 90_000, T0);
        Alert carol = Alert.fired(rule, session("carol"), 90_000, T0);
        for (Alert alert : List.of(alice, aliceAgain, bob, carol)) {
            stores.alerts().fire(alert, event(ACME, T0));
        }
        Duration hour = Duration.ofHours(1);
        assertThat(stores.alerts().claimDisconnect(ACME, alice.id(), "alice", T0, 2, hour))
                .isEqualTo(Alerts.DisconnectClaim.GRANTED);
        assertThat(stores.alerts().claimDisconnect(ACME, aliceAgain.id(), "alice", T0.plusSeconds(1), 2, hour))
                .isEqualTo(Alerts.DisconnectClaim.COOLING_DOWN);
        assertThat(stores.alerts().claimDisconnect(ACME, bob.id(), "bob", T0.plusSeconds(2), 2, hour))
                .isEqualTo(Alerts.DisconnectClaim.GRANTED);
        assertThat(stores.alerts().claimDisconnect(ACME, carol.id(), "carol", T0.plusSeconds(3), 2, hour))
                .isEqualTo(Alerts.DisconnectClaim.RATE_LIMITED);
        // a minute later the rate allows one more; the cool-down of alice still holds
        assertThat(stores.alerts().claimDisconnect(ACME, carol.id(), "carol", T0.plusSeconds(61), 2, hour))
                .isEqualTo(Alerts.DisconnectClaim.GRANTED);
        assertThat(stores.alerts().claimDisconnect(ACME, aliceAgain.id(), "alice", T0.plusSeconds(3599), 5, hour))
                .isEqualTo(Alerts.DisconnectClaim.COOLING_DOWN);
        assertThat(stores.alerts()
                        .find(ACME, alice.id())
                        .orElseThrow()
                        .disconnect()
                        .status())
                .isEqualTo(Alert.AutoDisconnect.Status.REQUESTED);
    }

    @Test
    void theActionLogRecordsTheDisconnectResultOnItsAlertAndSkippedOnesDoNotCount() {
        AlertRule rule = rule(ACME);
        Alert alert = Alert.fired(rule, session("alice"), 90_000, T0);
        Alert other = Alert.fired(rule, session("alice"), 90_000, T0);
        stores.alerts().fire(alert, event(ACME, T0));
        stores.alerts().fire(other, event(ACME, T0));
        stores.actionLog()
                .record(
                        ACME,
                        alert.id(),
                        alert.subject().sessionId(),
                        new Alert.AutoDisconnect(Alert.AutoDisconnect.Status.DRY_RUN, "dry", T0));
        assertThat(stores.alerts().find(ACME, alert.id()).orElseThrow().disconnect())
                .isEqualTo(new Alert.AutoDisconnect(Alert.AutoDisconnect.Status.DRY_RUN, "dry", T0));
        assertThat(stores.alerts()
                        .claimDisconnect(ACME, other.id(), "alice", T0.plusSeconds(1), 1, Duration.ofHours(1)))
                .isEqualTo(Alerts.DisconnectClaim.GRANTED);
        stores.actionLog()
                .record(
                        ACME,
                        other.id(),
                        other.subject().sessionId(),
                        new Alert.AutoDisconnect(Alert.AutoDisconnect.Status.ACK, "1 attempt(s)", T0.plusSeconds(2)));
        assertThat(stores.alerts()
                        .find(ACME, other.id())
                        .orElseThrow()
                        .disconnect()
                        .status())
                .isEqualTo(Alert.AutoDisconnect.Status.ACK);
    }

    @Test
    void anAcknowledgementIsRecordedWithinTheTenantOnly() {
        Alert alert = Alert.fired(rule(ACME), session("alice"), 90_000, T0);
        stores.alerts().fire(alert, event(ACME, T0));
        Alert.Acknowledgement ack = new Alert.Acknowledgement(T0.plusSeconds(5), null);
        assertThat(stores.alerts().acknowledge(GLOBEX, alert.id(), ack)).isEmpty();
        assertThat(stores.alerts().acknowledge(ACME, alert.id(), ack))
                .hasValueSatisfying(a -> assertThat(a.acknowledgement()).isEqualTo(ack));
        assertThat(stores.alerts().find(new AlertFilter(ACME, AlertFilter.Status.ALL, null, null, null, true), 0, 10))
                .extracting(Alert::id)
                .containsExactly(alert.id());
        assertThat(stores.alerts().find(new AlertFilter(ACME, AlertFilter.Status.ALL, null, null, null, false), 0, 10))
                .isEmpty();
    }
}
