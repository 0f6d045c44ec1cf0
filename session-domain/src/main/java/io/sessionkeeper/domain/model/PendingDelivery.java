package io.sessionkeeper.domain.model;

import java.net.URI;
import java.util.UUID;

/**
 * A delivery claimed for an attempt: where to send ({@code url}), what ({@code body}, event {@code eventId}), and
 * the webhook's signing {@code secret}. {@code attempt} counts this one (1 = first). The secret never appears in
 * {@link #toString()}.
 */
public record PendingDelivery(
        long id, TenantId tenant, WebhookId webhookId, URI url, String secret, UUID eventId, String body, int attempt) {
    public PendingDelivery {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(webhookId != null, "webhookId", "must not be null");
        InvalidValueException.require(url != null, "url", "must not be null");
        InvalidValueException.require(secret != null && !secret.isEmpty(), "secret", "must not be empty");
        InvalidValueException.require(eventId != null, "eventId", "must not be null");
        InvalidValueException.require(body != null, "body", "must not be null");
        InvalidValueException.require(attempt >= 1, "attempt", "must be 1 or more");
    }

    @Override
    public String toString() {
        return "PendingDelivery[id=" + id + ", tenant=" + tenant + ", webhookId=" + webhookId + ", url=" + url
                + ", secret=(hidden), eventId=" + eventId + ", attempt=" + attempt + "]";
    }
}
