package io.sessionkeeper.domain.model;

import java.time.Instant;
import java.util.Optional;

/**
 * A rule that fired for a subject: open while its condition holds ({@code resolvedAt} null), resolved once it
 * cleared. {@code value} is what was observed when it fired, {@code threshold} the rule's then. A rule has at most
 * one open alert per subject ({@link AlertSubject#key}), on every instance of the service: the store refuses a
 * second.
 *
 * <p>Nullable: resolvedAt, acknowledgement, disconnect (only alerts of AUTO_DISCONNECT rules have one).
 */
public record Alert(
        AlertId id,
        TenantId tenant,
        AlertRuleId ruleId,
        String ruleName,
        AlertRuleType ruleType,
        AlertSeverity severity,
        AlertSubject subject,
        long value,
        long threshold,
        Instant firedAt,
        Instant lastNotifiedAt,
        Instant resolvedAt,
        Acknowledgement acknowledgement,
        AutoDisconnect disconnect) {
    public Alert {
        InvalidValueException.require(id != null, "id", "must not be null");
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(ruleId != null, "ruleId", "must not be null");
        InvalidValueException.require(ruleName != null, "ruleName", "must not be null");
        InvalidValueException.require(ruleType != null, "ruleType", "must not be null");
        InvalidValueException.require(severity != null, "severity", "must not be null");
        InvalidValueException.require(subject != null, "subject", "must not be null");
        InvalidValueException.require(firedAt != null, "firedAt", "must not be null");
        InvalidValueException.require(lastNotifiedAt != null, "lastNotifiedAt", "must not be null");
    }

    /** A new open alert of {@code rule} for {@code subject}, observed {@code value}, fired and notified at {@code now}. */
    public static Alert fired(AlertRule rule, AlertSubject subject, long value, Instant now) {
        return new Alert(
                AlertId.random(),
                rule.tenant(),
                rule.id(),
                rule.name(),
                rule.type(),
                rule.severity(),
                subject,
                value,
                rule.threshold(),
                now,
                now,
                null,
                null,
                null);
    }

    public boolean isOpen() {
        return resolvedAt == null;
    }

    public Optional<AutoDisconnect> disconnectValue() {
        return Optional.ofNullable(disconnect);
    }

    /** Who acknowledged an alert and when ({@code by}: the token; null when unknown). */
    public record Acknowledgement(Instant at, TokenId by) {
        public Acknowledgement {
            InvalidValueException.require(at != null, "acknowledgedAt", "must not be null");
        }
    }

    /**
     * What AUTO_DISCONNECT did for the alert: the NAS's answer, or why it did not ask (dry run, allow-list, rate,
     * cool-down, session already ended). {@code detail} is for people (attempts, Error-Cause); nullable.
     */
    public record AutoDisconnect(Status status, String detail, Instant at) {
        public AutoDisconnect {
            InvalidValueException.require(status != null, "disconnect", "must have a status");
            InvalidValueException.require(at != null, "disconnect", "must have a time");
        }

        public enum Status {
            /** Claimed under the guards, Disconnect-Request under way (or the instance died while it was). */
            REQUESTED,
            ACK,
            NAK,
            TIMEOUT,
            FAILED,
            /** The session had ended (or its NAS is gone) before the request: nothing to do. */
            GONE,
            /** The rule is a dry run: this is what it would have asked. */
            DRY_RUN,
            /** The user is on the rule's allow-list. */
            SKIPPED_ALLOW_LIST,
            /** The tenant's disconnects of the last minute reached the operator's limit. */
            SKIPPED_RATE_LIMIT,
            /** The user was auto-disconnected within the operator's cool-down. */
            SKIPPED_COOLDOWN;

            /** Whether the NAS was (or is being) asked: what counts against the rate and the cool-down. */
            public boolean asked() {
                return this == REQUESTED || this == ACK || this == NAK || this == TIMEOUT || this == FAILED;
            }
        }
    }
}
