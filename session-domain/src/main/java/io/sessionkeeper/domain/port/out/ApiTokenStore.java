package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.ApiToken;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenAuditEvent;
import io.sessionkeeper.domain.model.TokenId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stored API tokens (hashes only) and the audit of their changes. Every change of a token is written together with
 * its audit event, atomically: there is no token issued or revoked without its record, nor a record without the
 * change.
 */
public interface ApiTokenStore {
    /** Adds the token, or replaces the one with its id (its grant changed), and appends {@code event}. */
    void save(ApiToken token, TokenAuditEvent event);

    Optional<ApiToken> findBySecretHash(String secretHash);

    Optional<ApiToken> findById(TenantId tenant, TokenId id);

    /** Tokens of the tenant, oldest first. */
    List<ApiToken> findByTenant(TenantId tenant);

    /**
     * Deletes the tenant's token and appends {@code event}; false, and nothing appended, when the tenant has no such
     * token.
     */
    boolean delete(TenantId tenant, TokenId id, TokenAuditEvent event);

    /** Whether any token exists at all (first start creates one when none does). */
    boolean any();

    /**
     * Records that the token was used at {@code at}, unless its stored last use is less than
     * {@link ApiToken#LAST_USE_RESOLUTION} before {@code at} (another instance recorded it already) or later. An
     * unknown token is ignored.
     */
    void recordUse(TenantId tenant, TokenId id, Instant at);

    /**
     * Audit events, newest first (in the order they were appended): those {@linkplain TokenAuditEvent#involves
     * involving} {@code tenant}, or every one when {@code tenant} is null.
     */
    AuditPage audit(TenantId tenant, long offset, int limit);

    /** A page of audit events and how many there are in all. */
    record AuditPage(List<TokenAuditEvent> events, long total) {
        public AuditPage {
            events = List.copyOf(events);
        }
    }
}
