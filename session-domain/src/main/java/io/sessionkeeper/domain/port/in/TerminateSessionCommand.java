package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.SessionEvent.Requester;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;

/**
 * {@code force}: close in the database only, without asking the NAS (for NAS that ACK and keep the user).
 * {@code requestedBy}: the token that asked, for the session's timeline; null when no token asked.
 */
public record TerminateSessionCommand(TenantId tenant, SessionId id, boolean force, Requester requestedBy) {
    public TerminateSessionCommand {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(id != null, "id", "must not be null");
    }

    /** A request that names no token (an embedding system's own). */
    public TerminateSessionCommand(TenantId tenant, SessionId id, boolean force) {
        this(tenant, id, force, null);
    }
}
