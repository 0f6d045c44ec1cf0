package io.sessionkeeper.domain.model;

import java.util.Set;

/** Who is calling: the tenant a token belongs to and what it may do. */
public record Principal(TokenId tokenId, TenantId tenant, Set<Permission> permissions) {
    public Principal {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        permissions = Set.copyOf(permissions);
    }

    public boolean has(Permission permission) {
        return permissions.contains(permission);
    }

    /** @throws ForbiddenException when the permission is missing */
    public void require(Permission permission) {
        if (!has(permission)) {
            throw new ForbiddenException("this token lacks the permission " + permission.code());
        }
    }
}
