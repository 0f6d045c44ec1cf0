package io.sessionkeeper.domain.model;

import java.time.Duration;
import java.time.Instant;

/**
 * What alert rules look at in a session: who, where, when, how much. Nullable: stopTime.
 *
 * <p>{@code endInferred}: the session was closed by Accounting-On/Off or by the stale cleanup ({@link #inferred}).
 *
 * <p>The confirmed duration ({@link #confirmedSeconds}) runs from the start to the last accounting seen, not to
 * now: a session that went quiet does not grow "long" by silence (that is {@link AlertRuleType#STALE_SESSION}'s
 * subject), and a session closed by Accounting-On or by the stale cleanup keeps the length its accounting showed.
 */
public record SessionFacts(
        SessionId id,
        TenantId tenant,
        NasId nasId,
        String username,
        Instant startTime,
        Instant lastUpdate,
        Instant stopTime,
        long totalOctets,
        boolean endInferred) {
    public SessionFacts {
        InvalidValueException.require(id != null, "id", "must not be null");
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(nasId != null, "nasId", "must not be null");
        InvalidValueException.require(username != null, "username", "must not be null");
        InvalidValueException.require(startTime != null && lastUpdate != null, "startTime", "must not be null");
    }

    public static SessionFacts of(Session session) {
        return new SessionFacts(
                session.id(),
                session.tenant(),
                session.nasId(),
                session.username(),
                session.startTime(),
                session.lastUpdate(),
                session.stopTime(),
                session.usage().totalOctets(),
                inferred(session.terminateCause()));
    }

    /**
     * Whether the service, not the NAS, decided when a session with this cause ended: on Accounting-On/Off
     * (NAS-Reboot) or by the stale cleanup. Such a session is never "long": its end is a guess.
     */
    public static boolean inferred(TerminateCause cause) {
        return TerminateCause.NAS_REBOOT.equals(cause) || TerminateCause.STALE_SESSION_CLEANUP.equals(cause);
    }

    public boolean isActive() {
        return stopTime == null;
    }

    /** Seconds from the start to the last accounting seen. */
    public long confirmedSeconds() {
        return Math.max(0, Duration.between(startTime, lastUpdate).getSeconds());
    }

    /** Seconds since the last accounting at {@code now}. */
    public long quietSeconds(Instant now) {
        return Math.max(0, Duration.between(lastUpdate, now).getSeconds());
    }
}
