package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.TenantId;

/** Cleanup of one tenant, or of every tenant when {@code tenant} is null (the scheduled job). */
public record CleanupStaleSessionsCommand(TenantId tenant) {
    public static CleanupStaleSessionsCommand allTenants() {
        return new CleanupStaleSessionsCommand(null);
    }

    public static CleanupStaleSessionsCommand of(TenantId tenant) {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        return new CleanupStaleSessionsCommand(tenant);
    }
}
