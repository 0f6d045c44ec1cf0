package io.sessionkeeper.domain.model;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * An API token as stored: the SHA-256 of its secret (hex), never the secret itself. Secrets carry 256 random
 * bits, so a fast hash is enough: there is nothing to brute-force.
 */
public record ApiToken(TokenId id, TenantId tenant, Set<Permission> permissions, String secretHash, Instant createdAt) {
    public ApiToken {
        InvalidValueException.require(id != null, "id", "must not be null");
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(permissions != null, "permissions", "must not be null");
        InvalidValueException.require(
                secretHash != null && secretHash.matches("[0-9a-f]{64}"), "secretHash", "must be a hex SHA-256");
        InvalidValueException.require(createdAt != null, "createdAt", "must not be null");
        permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
    }
}
