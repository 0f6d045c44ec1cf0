package io.sessionkeeper.domain.model;

import java.time.Instant;
import java.util.UUID;

/**
 * One event on its way to one webhook, as the delivery log shows it: pending (with the time of its next attempt),
 * delivered, or failed for good (a 4xx other than 429, a refused target, or the retries exhausted). {@code
 * lastStatus} is the HTTP status of the last attempt (0: none, a time-out or a connection failure; {@code lastError}
 * says which). Nullable: nextAttemptAt, lastAttemptAt, lastError, deliveredAt.
 */
public record WebhookDelivery(
        long id,
        WebhookId webhookId,
        UUID eventId,
        String eventType,
        Status status,
        int attempts,
        Instant createdAt,
        Instant nextAttemptAt,
        Instant lastAttemptAt,
        int lastStatus,
        String lastError,
        Instant deliveredAt) {
    public enum Status {
        PENDING,
        DELIVERED,
        FAILED
    }

    public WebhookDelivery {
        InvalidValueException.require(webhookId != null, "webhookId", "must not be null");
        InvalidValueException.require(eventId != null, "eventId", "must not be null");
        InvalidValueException.require(status != null, "status", "must not be null");
    }
}
