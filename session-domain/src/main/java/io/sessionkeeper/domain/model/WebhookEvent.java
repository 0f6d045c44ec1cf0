package io.sessionkeeper.domain.model;

import java.time.Instant;
import java.util.UUID;

/**
 * One event for a tenant's webhooks: its id (the same in every delivery attempt, so receivers can drop repeats),
 * type ({@code alert.fired}, {@code alert.reminder}, {@code alert.resolved}, {@code alert.auto_disconnect},
 * {@code webhook.test}), and the JSON body sent, fixed when the event is made: every retry sends the same bytes.
 */
public record WebhookEvent(UUID id, String type, TenantId tenant, Instant occurredAt, String body) {
    public WebhookEvent {
        InvalidValueException.require(id != null, "eventId", "must not be null");
        InvalidValueException.require(type != null && !type.isEmpty(), "eventType", "must not be empty");
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(occurredAt != null, "occurredAt", "must not be null");
        InvalidValueException.require(body != null, "body", "must not be null");
    }
}
