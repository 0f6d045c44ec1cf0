package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.PendingDelivery;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.Webhook;
import io.sessionkeeper.domain.model.WebhookDelivery;
import io.sessionkeeper.domain.model.WebhookEvent;
import io.sessionkeeper.domain.model.WebhookId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The tenants' webhooks with their signing secrets (stored so that only the service can read them), and the
 * outbox of their deliveries. Deliveries are claimed for an attempt with a lease: a claimed delivery is nobody
 * else's until the lease ends (in this or another process on the store), and whoever claims it after that (the
 * process that claimed it died) sends the same event again: at least once.
 */
public interface Webhooks {
    /** Stores a new webhook and its secret. */
    void create(Webhook webhook, String secret);

    Optional<Webhook> find(TenantId tenant, WebhookId id);

    /** The tenant's webhooks, oldest first. */
    List<Webhook> findByTenant(TenantId tenant);

    /** Removes the webhook with its deliveries (pending ones are not sent). */
    boolean delete(TenantId tenant, WebhookId id);

    /** Queues {@code event} for one webhook of its tenant (a test event); returns the delivery's id. */
    long enqueue(WebhookId webhook, WebhookEvent event);

    /** The webhook's deliveries, newest first. */
    List<WebhookDelivery> deliveries(TenantId tenant, WebhookId webhook, long offset, int limit);

    long countDeliveries(TenantId tenant, WebhookId webhook);

    /**
     * Claims at most {@code limit} pending deliveries due at {@code now} (oldest due first):
     * each counts one more attempt and is not due again before {@code now + lease}.
     */
    List<PendingDelivery> claimDue(Instant now, Duration lease, int limit);

    /**
     * Records the attempt of a claimed delivery: delivered, pending again at {@code nextAttemptAt}, or failed for
     * good. {@code httpStatus} 0: none; {@code error} nullable.
     */
    void recordAttempt(
            TenantId tenant,
            long deliveryId,
            WebhookDelivery.Status status,
            int httpStatus,
            String error,
            Instant at,
            Instant nextAttemptAt);
}
