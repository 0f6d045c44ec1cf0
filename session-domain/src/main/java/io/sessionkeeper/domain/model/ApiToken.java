package io.sessionkeeper.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * An API token as stored: the SHA-256 of its secret (hex), never the secret itself. Secrets carry 256 random
 * bits, so a fast hash is enough: there is nothing to brute-force.
 *
 * @param name an optional label for people ("billing export"), 1-{@value #MAX_NAME_LENGTH} characters, or null
 * @param lastUsedAt when it was last seen authenticating, to a minute ({@link #LAST_USE_RESOLUTION}); null: never
 */
public record ApiToken(
        TokenId id,
        TenantId tenant,
        String name,
        Grant grant,
        String secretHash,
        Instant createdAt,
        Instant lastUsedAt) {
    public static final int MAX_NAME_LENGTH = 128;
    /** A use is recorded at most this often per token: a write per request would cost more than it tells. */
    public static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);

    public ApiToken {
        InvalidValueException.require(id != null, "id", "must not be null");
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        requireName(name);
        InvalidValueException.require(grant != null, "permissions", "must not be null");
        for (Permission permission : grant.listed()) {
            InvalidValueException.require(
                    !permission.operatorOnly() || tenant.isOperator(),
                    "permissions",
                    permission.code() + " can be held only by tokens of the operator tenant '" + TenantId.OPERATOR
                            + "'");
        }
        InvalidValueException.require(
                secretHash != null && secretHash.matches("[0-9a-f]{64}"), "secretHash", "must be a hex SHA-256");
        InvalidValueException.require(createdAt != null, "createdAt", "must not be null");
    }

    /** A token never used yet. */
    public static ApiToken issued(
            TokenId id, TenantId tenant, String name, Grant grant, String secretHash, Instant createdAt) {
        return new ApiToken(id, tenant, name, grant, secretHash, createdAt, null);
    }

    /** Every permission it holds today (for an "all" token: every permission its tenant may hold). */
    public Set<Permission> permissions() {
        return grant.permissionsFor(tenant);
    }

    /** Whether a use at {@code now} should be recorded: never recorded, or last recorded a minute or more ago. */
    public boolean useWorthRecording(Instant now) {
        return lastUsedAt == null || !lastUsedAt.plus(LAST_USE_RESOLUTION).isAfter(now);
    }

    public ApiToken withLastUsedAt(Instant at) {
        return new ApiToken(id, tenant, name, grant, secretHash, createdAt, at);
    }

    public ApiToken withGrant(Grant value) {
        return new ApiToken(id, tenant, name, value, secretHash, createdAt, lastUsedAt);
    }

    public ApiToken withName(String value) {
        return new ApiToken(id, tenant, value, grant, secretHash, createdAt, lastUsedAt);
    }

    /** @throws InvalidValueException unless null or 1-128 characters without control characters */
    public static void requireName(String name) {
        if (name == null) {
            return;
        }
        InvalidValueException.require(
                !name.isBlank() && name.length() <= MAX_NAME_LENGTH,
                "name",
                "must be 1-" + MAX_NAME_LENGTH + " characters, not blank");
        InvalidValueException.require(
                name.codePoints().noneMatch(Character::isISOControl), "name", "must not contain control characters");
    }
}
