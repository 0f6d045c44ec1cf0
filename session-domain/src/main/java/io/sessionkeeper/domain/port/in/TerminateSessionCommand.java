package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;

/** {@code force}: close in the database only, without asking the NAS (for NAS that ACK and keep the user). */
public record TerminateSessionCommand(TenantId tenant, SessionId id, boolean force) {
    public TerminateSessionCommand {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(id != null, "id", "must not be null");
    }
}
