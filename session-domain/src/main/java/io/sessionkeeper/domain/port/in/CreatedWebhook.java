package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.Webhook;

/** A webhook just made, with its signing secret: shown this once. {@code toString} hides the secret. */
public record CreatedWebhook(Webhook webhook, String secret) {
    @Override
    public String toString() {
        return "CreatedWebhook[webhook=" + webhook + ", secret=(hidden)]";
    }
}
