package io.sessionkeeper.domain.model;

import java.util.UUID;

/** Public, random identifier of a webhook. */
public record WebhookId(UUID value) {
    public WebhookId {
        InvalidValueException.require(value != null, "webhookId", "must not be null");
    }

    public static WebhookId random() {
        return new WebhookId(UUID.randomUUID());
    }

    /** Parses the canonical 36-character form; anything else is an {@link InvalidValueException}. */
    public static WebhookId parse(String text) {
        return new WebhookId(Uuids.parse("webhookId", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
