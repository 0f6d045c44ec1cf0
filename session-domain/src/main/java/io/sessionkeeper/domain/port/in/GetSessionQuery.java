package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;

public record GetSessionQuery(TenantId tenant, SessionId id) {
    public GetSessionQuery {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(id != null, "id", "must not be null");
    }
}
