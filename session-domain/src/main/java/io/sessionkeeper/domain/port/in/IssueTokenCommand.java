package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.TenantId;
import java.util.Set;

/** A token for {@code tenant} (the caller's own when null) with {@code permissions} (at least one). */
public record IssueTokenCommand(TenantId tenant, Set<Permission> permissions) {
    public IssueTokenCommand {
        InvalidValueException.require(
                permissions != null && !permissions.isEmpty(), "permissions", "must name at least one permission");
        permissions = Set.copyOf(permissions);
    }
}
