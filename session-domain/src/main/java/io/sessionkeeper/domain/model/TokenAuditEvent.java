package io.sessionkeeper.domain.model;

import java.time.Instant;

/**
 * One change to the tokens, kept for the audit: a token issued, revoked, or changed by the service itself (the
 * bootstrap token made "all", or a migration taking away what a token may no longer hold).
 *
 * @param token the token concerned, as it was after the change (for a revocation: as it was)
 * @param actor who did it
 * @param note why, when the service itself acted (bootstrap, migration); null otherwise
 */
public record TokenAuditEvent(Instant at, Action action, Subject token, Actor actor, String note) {
    public TokenAuditEvent {
        InvalidValueException.require(at != null, "at", "must not be null");
        InvalidValueException.require(action != null, "action", "must not be null");
        InvalidValueException.require(token != null, "token", "must not be null");
        InvalidValueException.require(actor != null, "actor", "must not be null");
    }

    public enum Action {
        ISSUED,
        REVOKED,
        CHANGED
    }

    /** The token concerned: never its secret or hash. */
    public record Subject(TokenId id, TenantId tenant, String name, Grant grant) {
        public Subject {
            InvalidValueException.require(id != null, "token.id", "must not be null");
            InvalidValueException.require(tenant != null, "token.tenant", "must not be null");
            InvalidValueException.require(grant != null, "token.grant", "must not be null");
        }

        public static Subject of(ApiToken token) {
            return new Subject(token.id(), token.tenant(), token.name(), token.grant());
        }
    }

    /**
     * Who acted: a token of a tenant (from an address when the adapter knew it), or the service itself (bootstrap,
     * migrations: every field null).
     */
    public record Actor(TokenId tokenId, TenantId tenant, IpAddress clientAddress) {
        public static final Actor SERVICE = new Actor(null, null, null);

        public static Actor of(Principal caller) {
            return new Actor(caller.tokenId(), caller.tenant(), caller.clientAddress());
        }

        public boolean isService() {
            return tenant == null;
        }

        /** The same actor without what only its own tenant should see (its token and address). */
        public Actor redacted() {
            return new Actor(null, tenant, null);
        }
    }

    /** Whether it concerns {@code tenant}: a token of the tenant, or an act of one of its tokens. */
    public boolean involves(TenantId tenant) {
        return token.tenant().equals(tenant) || tenant.equals(actor.tenant());
    }

    public TokenAuditEvent withActor(Actor value) {
        return new TokenAuditEvent(at, action, token, value, note);
    }
}
