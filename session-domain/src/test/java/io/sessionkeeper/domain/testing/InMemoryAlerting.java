package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.Alert;
import io.sessionkeeper.domain.model.AlertId;
import io.sessionkeeper.domain.model.AlertRuleId;
import io.sessionkeeper.domain.model.PendingDelivery;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.Webhook;
import io.sessionkeeper.domain.model.WebhookDelivery;
import io.sessionkeeper.domain.model.WebhookEvent;
import io.sessionkeeper.domain.model.WebhookId;
import io.sessionkeeper.domain.port.out.AlertActionLog;
import io.sessionkeeper.domain.port.out.AlertFilter;
import io.sessionkeeper.domain.port.out.Alerts;
import io.sessionkeeper.domain.port.out.Webhooks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alerts, webhooks and their outbox in memory, as the PostgreSQL adapter keeps them (one lock stands
 * for its transactions): at most one open alert per rule and subject, events queued for the tenant's enabled
 * webhooks with each change, deliveries claimed with a lease.
 */
public final class InMemoryAlerting implements Alerts, Webhooks, AlertActionLog {
    private final Map<AlertId, Alert> alerts = new LinkedHashMap<>();
    private final Map<WebhookId, Webhook> webhooks = new LinkedHashMap<>();
    private final Map<WebhookId, String> secrets = new LinkedHashMap<>();
    private final Map<Long, Delivery> deliveries = new LinkedHashMap<>();
    private long nextDelivery = 1;

    /** A delivery as stored. */
    private static final class Delivery {
        final long id;
        final TenantId tenant;
        final WebhookId webhook;
        final WebhookEvent event;
        WebhookDelivery.Status status = WebhookDelivery.Status.PENDING;
        int attempts;
        Instant nextAttemptAt;
        Instant lastAttemptAt;
        int lastStatus;
        String lastError;
        Instant deliveredAt;

        Delivery(long id, WebhookId webhook, WebhookEvent event) {
            this.id = id;
            this.tenant = event.tenant();
            this.webhook = webhook;
            this.event = event;
            this.nextAttemptAt = event.occurredAt();
        }

        WebhookDelivery view() {
            return new WebhookDelivery(
                    id,
                    webhook,
                    event.id(),
                    event.type(),
                    status,
                    attempts,
                    event.occurredAt(),
                    nextAttemptAt,
                    lastAttemptAt,
                    lastStatus,
                    lastError,
                    deliveredAt);
        }
    }

    // ---- alerts --------------------------------------------------------------------------------------------------

    @Override
    public synchronized boolean fire(Alert alert, WebhookEvent event) {
        boolean open = alerts.values().stream()
                .anyMatch(a -> a.isOpen()
                        && a.tenant().equals(alert.tenant())
                        && a.ruleId().equals(alert.ruleId())
                        && a.subject().key().equals(alert.subject().key()));
        if (open) {
            return false;
        }
        alerts.put(alert.id(), alert);
        publish(event);
        return true;
    }

    @Override
    public synchronized List<Alert> findOpen(TenantId tenant, AlertRuleId rule) {
        return alerts.values().stream()
                .filter(a ->
                        a.isOpen() && a.tenant().equals(tenant) && a.ruleId().equals(rule))
                .toList();
    }

    @Override
    public synchronized boolean resolve(TenantId tenant, AlertId id, Instant at, WebhookEvent event) {
        Alert alert = alerts.get(id);
        if (alert == null || !alert.tenant().equals(tenant) || !alert.isOpen()) {
            return false;
        }
        alerts.put(id, with(alert, alert.lastNotifiedAt(), at, alert.acknowledgement(), alert.disconnect()));
        publish(event);
        return true;
    }

    @Override
    public synchronized boolean remind(TenantId tenant, AlertId id, Instant previous, Instant at, WebhookEvent event) {
        Alert alert = alerts.get(id);
        if (alert == null
                || !alert.tenant().equals(tenant)
                || !alert.isOpen()
                || !alert.lastNotifiedAt().equals(previous)) {
            return false;
        }
        alerts.put(id, with(alert, at, null, alert.acknowledgement(), alert.disconnect()));
        publish(event);
        return true;
    }

    @Override
    public synchronized void publish(WebhookEvent event) {
        for (Webhook webhook : webhooks.values()) {
            if (webhook.tenant().equals(event.tenant()) && webhook.enabled()) {
                enqueue(webhook.id(), event);
            }
        }
    }

    @Override
    public synchronized int resolveAllOf(TenantId tenant, AlertRuleId rule, Instant at) {
        int resolved = 0;
        for (Alert alert : findOpen(tenant, rule)) {
            alerts.put(
                    alert.id(), with(alert, alert.lastNotifiedAt(), at, alert.acknowledgement(), alert.disconnect()));
            resolved++;
        }
        return resolved;
    }

    @Override
    public synchronized Optional<Alert> find(TenantId tenant, AlertId id) {
        return Optional.ofNullable(alerts.get(id)).filter(a -> a.tenant().equals(tenant));
    }

    @Override
    public synchronized List<Alert> find(AlertFilter filter, long offset, int limit) {
        return matching(filter).stream().skip(offset).limit(limit).toList();
    }

    @Override
    public synchronized long count(AlertFilter filter) {
        return matching(filter).size();
    }

    private List<Alert> matching(AlertFilter filter) {
        return alerts.values().stream()
                .filter(a -> a.tenant().equals(filter.tenant()))
                .filter(a -> switch (filter.status()) {
                    case OPEN -> a.isOpen();
                    case RESOLVED -> !a.isOpen();
                    case ALL -> true;
                })
                .filter(a -> filter.ruleId() == null || a.ruleId().equals(filter.ruleId()))
                .filter(a -> filter.type() == null || a.ruleType() == filter.type())
                .filter(a -> filter.severity() == null || a.severity() == filter.severity())
                .filter(a -> filter.acknowledged() == null || filter.acknowledged() == (a.acknowledgement() != null))
                .sorted(Comparator.comparing(Alert::firedAt)
                        .thenComparing(a -> a.id().toString())
                        .reversed())
                .toList();
    }

    @Override
    public synchronized Optional<Alert> acknowledge(
            TenantId tenant, AlertId id, Alert.Acknowledgement acknowledgement) {
        return find(tenant, id).map(alert -> {
            Alert acknowledged =
                    with(alert, alert.lastNotifiedAt(), alert.resolvedAt(), acknowledgement, alert.disconnect());
            alerts.put(id, acknowledged);
            return acknowledged;
        });
    }

    @Override
    public synchronized DisconnectClaim claimDisconnect(
            TenantId tenant, AlertId id, String username, Instant now, int perMinute, Duration cooldown) {
        List<Alert> asked = alerts.values().stream()
                .filter(a -> a.tenant().equals(tenant)
                        && a.disconnect() != null
                        && a.disconnect().status().asked())
                .toList();
        if (!cooldown.isZero()
                && asked.stream()
                        .anyMatch(a -> username.equals(a.subject().username())
                                && a.disconnect().at().isAfter(now.minus(cooldown)))) {
            return DisconnectClaim.COOLING_DOWN;
        }
        long lastMinute = asked.stream()
                .filter(a -> a.disconnect().at().isAfter(now.minus(Duration.ofMinutes(1))))
                .count();
        if (lastMinute >= perMinute) {
            return DisconnectClaim.RATE_LIMITED;
        }
        Alert alert = alerts.get(id);
        alerts.put(
                id,
                with(
                        alert,
                        alert.lastNotifiedAt(),
                        alert.resolvedAt(),
                        alert.acknowledgement(),
                        new Alert.AutoDisconnect(Alert.AutoDisconnect.Status.REQUESTED, null, now)));
        return DisconnectClaim.GRANTED;
    }

    @Override
    public synchronized void record(TenantId tenant, AlertId id, SessionId session, Alert.AutoDisconnect outcome) {
        Alert alert = alerts.get(id);
        if (alert != null && alert.tenant().equals(tenant)) {
            alerts.put(id, with(alert, alert.lastNotifiedAt(), alert.resolvedAt(), alert.acknowledgement(), outcome));
        }
    }

    private static Alert with(
            Alert a, Instant notified, Instant resolved, Alert.Acknowledgement ack, Alert.AutoDisconnect disconnect) {
        return new Alert(
                a.id(),
                a.tenant(),
                a.ruleId(),
                a.ruleName(),
                a.ruleType(),
                a.severity(),
                a.subject(),
                a.value(),
                a.threshold(),
                a.firedAt(),
                notified,
                resolved,
                ack,
                disconnect);
    }

    /** Every alert, in the order fired (for tests). */
    public synchronized List<Alert> all() {
        return List.copyOf(alerts.values());
    }

    // ---- webhooks ------------------------------------------------------------------------------------------------

    @Override
    public synchronized void create(Webhook webhook, String secret) {
        webhooks.put(webhook.id(), webhook);
        secrets.put(webhook.id(), secret);
    }

    @Override
    public synchronized Optional<Webhook> find(TenantId tenant, WebhookId id) {
        return Optional.ofNullable(webhooks.get(id)).filter(w -> w.tenant().equals(tenant));
    }

    @Override
    public synchronized List<Webhook> findByTenant(TenantId tenant) {
        return webhooks.values().stream().filter(w -> w.tenant().equals(tenant)).toList();
    }

    @Override
    public synchronized boolean delete(TenantId tenant, WebhookId id) {
        if (find(tenant, id).isEmpty()) {
            return false;
        }
        webhooks.remove(id);
        secrets.remove(id);
        deliveries.values().removeIf(d -> d.webhook.equals(id));
        return true;
    }

    @Override
    public synchronized long enqueue(WebhookId webhook, WebhookEvent event) {
        long id = nextDelivery++;
        deliveries.put(id, new Delivery(id, webhook, event));
        return id;
    }

    @Override
    public synchronized List<WebhookDelivery> deliveries(TenantId tenant, WebhookId webhook, long offset, int limit) {
        return deliveries.values().stream()
                .filter(d -> d.tenant.equals(tenant) && d.webhook.equals(webhook))
                .sorted(Comparator.comparingLong((Delivery d) -> d.id).reversed())
                .skip(offset)
                .limit(limit)
                .map(Delivery::view)
                .toList();
    }

    @Override
    public synchronized long countDeliveries(TenantId tenant, WebhookId webhook) {
        return deliveries.values().stream()
                .filter(d -> d.tenant.equals(tenant) && d.webhook.equals(webhook))
                .count();
    }

    @Override
    public synchronized List<PendingDelivery> claimDue(Instant now, Duration lease, int limit) {
        List<PendingDelivery> claimed = new ArrayList<>();
        deliveries.values().stream()
                .filter(d -> d.status == WebhookDelivery.Status.PENDING && !d.nextAttemptAt.isAfter(now))
                .sorted(Comparator.comparing((Delivery d) -> d.nextAttemptAt))
                .limit(limit)
                .forEach(d -> {
                    d.attempts++;
                    d.nextAttemptAt = now.plus(lease);
                    d.lastAttemptAt = now;
                    Webhook webhook = webhooks.get(d.webhook);
                    claimed.add(new PendingDelivery(
                            d.id,
                            d.tenant,
                            d.webhook,
                            webhook.url(),
                            secrets.get(d.webhook),
                            d.event.id(),
                            d.event.body(),
                            d.attempts));
                });
        return claimed;
    }

    @Override
    public synchronized void recordAttempt(
            TenantId tenant,
            long deliveryId,
            WebhookDelivery.Status status,
            int httpStatus,
            String error,
            Instant at,
            Instant nextAttemptAt) {
        Delivery d = deliveries.get(deliveryId);
        if (d == null || !d.tenant.equals(tenant)) {
            return;
        }
        d.status = status;
        d.lastStatus = httpStatus;
        d.lastError = error;
        d.lastAttemptAt = at;
        d.nextAttemptAt = nextAttemptAt;
        d.deliveredAt = status == WebhookDelivery.Status.DELIVERED ? at : null;
    }

    /** The events queued for a webhook, oldest first (for tests). */
    public synchronized List<WebhookEvent> events(WebhookId webhook) {
        return deliveries.values().stream()
                .filter(d -> d.webhook.equals(webhook))
                .map(d -> d.event)
                .toList();
    }
}
