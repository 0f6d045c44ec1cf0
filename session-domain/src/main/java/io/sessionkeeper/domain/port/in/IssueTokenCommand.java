package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.ApiToken;
import io.sessionkeeper.domain.model.Grant;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.TenantId;
import java.util.Set;

/**
 * A token for {@code tenant} (the caller's own when null), with an optional {@code name}, holding {@code grant}:
 * "all", or at least one permission.
 */
public record IssueTokenCommand(TenantId tenant, String name, Grant grant) {
    public IssueTokenCommand {
        InvalidValueException.require(
                grant != null && (grant.all() || !grant.listed().isEmpty()),
                "permissions",
                "must name at least one permission");
        ApiToken.requireName(name);
    }

    /** An unnamed token holding exactly {@code permissions}. */
    public IssueTokenCommand(TenantId tenant, Set<Permission> permissions) {
        this(tenant, null, permissions == null ? null : Grant.of(permissions));
    }
}
