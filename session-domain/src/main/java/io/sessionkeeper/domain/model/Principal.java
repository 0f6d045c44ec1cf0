package io.sessionkeeper.domain.model;

import java.util.Set;

/**
 * Who is calling: the token (null for the service itself), its tenant, what it may do, the client's address
 * when the adapter knows it (for the audit; null otherwise), and the token's name (a label for people, or null), for
 * records that say who asked (the session timeline).
 */
public record Principal(TokenId tokenId, TenantId tenant, Grant grant, IpAddress clientAddress, String tokenName) {
    public Principal {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(grant != null, "grant", "must not be null");
    }

    /** A caller whose token's name is not known. */
    public Principal(TokenId tokenId, TenantId tenant, Grant grant, IpAddress clientAddress) {
        this(tokenId, tenant, grant, clientAddress, null);
    }

    /** A caller holding exactly {@code permissions} (operator-only ones only in the operator tenant). */
    public Principal(TokenId tokenId, TenantId tenant, Set<Permission> permissions) {
        this(tokenId, tenant, Grant.of(permissions), null);
    }

    public static Principal of(ApiToken token) {
        return new Principal(token.id(), token.tenant(), token.grant(), null, token.name());
    }

    /** The same caller, seen from {@code address}. */
    public Principal withClientAddress(IpAddress address) {
        return new Principal(tokenId, tenant, grant, address, tokenName);
    }

    /** Every permission it holds today. */
    public Set<Permission> permissions() {
        return grant.permissionsFor(tenant);
    }

    public boolean has(Permission permission) {
        return grant.allows(tenant, permission);
    }

    /** @throws ForbiddenException when the permission is missing */
    public void require(Permission permission) {
        if (!has(permission)) {
            throw new ForbiddenException("this token lacks the permission " + permission.code());
        }
    }
}
