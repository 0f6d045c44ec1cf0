package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.TenantId;

/** A new webhook: its URL, an optional description, enabled or not. */
public record CreateWebhookCommand(TenantId tenant, String url, String description, boolean enabled) {
    public CreateWebhookCommand {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
    }
}
