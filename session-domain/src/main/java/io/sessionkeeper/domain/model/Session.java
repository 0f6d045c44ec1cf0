package io.sessionkeeper.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One customer connection as recorded from accounting. A session belongs to a tenant and a NAS, is found by its
 * public random {@link SessionId} (never by the guessable Acct-Session-Id) and refers to its customer through the
 * RADIUS User-Name within the tenant, so a customer registered after the fact still links.
 *
 * <p>{@code username} and {@code acctSessionId} are text for storage and display; where it differs from the
 * octets the NAS sent, {@code original} keeps those, for Disconnect/CoA. They belong to the session's identity:
 * like the text, they never change once known.
 *
 * <p>{@code startSettled}: the start is the time of the NAS's Start (see {@link #mergedWith}), not one implied by an
 * Interim-Update or Stop ({@code event time − Acct-Session-Time}).
 *
 * <p>{@code interimInterval}: the spacing of interims the NAS said it sends (Acct-Interim-Interval), the latest it
 * sent; the bandwidth series judges gaps by it (docs/accounting-rules.md "Gaps").
 *
 * <p>Nullable: framedIp, macAddress, stopTime, terminateCause, rateLimit, original, interimInterval. {@code port}
 * (NAS-Port-Id, Called-Station-Id, Host-IP) is never null ({@link NasPort#NONE}); each of its values is the last seen.
 *
 * <p>{@code ipv6}: the IPv6 address and prefixes the NAS said it gave (never null: {@link Ipv6Assignment#NONE}), each
 * the last seen, like {@code framedIp}; a change of them mid-session is not recorded as an event (ADR 0046).
 */
public record Session(
        SessionId id,
        TenantId tenant,
        NasId nasId,
        SessionKey key,
        String acctSessionId,
        String username,
        IpAddress framedIp,
        MacAddress macAddress,
        ConnectionType connectionType,
        Instant startTime,
        boolean startSettled,
        Instant stopTime,
        Instant lastUpdate,
        Usage usage,
        long sessionTimeSeconds,
        TerminateCause terminateCause,
        NasPort port,
        String rateLimit,
        OriginalOctets original,
        Duration interimInterval,
        Ipv6Assignment ipv6) {

    public Session {
        if (ipv6 == null) {
            ipv6 = Ipv6Assignment.NONE;
        }
        if (port == null) {
            port = NasPort.NONE;
        }
        InvalidValueException.require(id != null, "id", "must not be null");
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(nasId != null, "nasId", "must not be null");
        InvalidValueException.require(key != null, "sessionKey", "must not be null");
        InvalidValueException.require(acctSessionId != null, "sessionId", "must not be null");
        InvalidValueException.require(username != null, "username", "must not be null");
        InvalidValueException.require(connectionType != null, "connectionType", "must not be null");
        InvalidValueException.require(startTime != null, "startTime", "must not be null");
        InvalidValueException.require(
                lastUpdate != null && !lastUpdate.isBefore(startTime), "lastUpdate", "must not be before the start");
        InvalidValueException.require(
                stopTime == null || !stopTime.isBefore(startTime), "stopTime", "must not be before the start");
        InvalidValueException.require(usage != null, "usage", "must not be null");
        InvalidValueException.require(sessionTimeSeconds >= 0, "sessionTime", "must not be negative");
        InvalidValueException.require(
                terminateCause == null || stopTime != null,
                "terminateCause",
                "only a stopped session has a terminate cause");
        InvalidValueException.require(
                interimInterval == null || (!interimInterval.isNegative() && !interimInterval.isZero()),
                "interimInterval",
                "must be positive");
    }

    public boolean isActive() {
        return stopTime == null;
    }

    public Optional<Instant> stop() {
        return Optional.ofNullable(stopTime);
    }

    /** Live for an active session (up to {@code now}), final for a completed one; never negative. */
    public long durationSeconds(Instant now) {
        Instant end = stopTime != null ? stopTime : now;
        return Math.max(0, Duration.between(startTime, end).getSeconds());
    }

    /** The same session, ended at {@code stop} for {@code cause}; a stopped session stays as it was. */
    public Session closed(Instant stop, TerminateCause cause) {
        if (!isActive()) {
            return this;
        }
        Instant end = stop.isBefore(startTime) ? startTime : stop;
        Instant seen = end.isAfter(lastUpdate) ? end : lastUpdate;
        return withLifecycle(end, seen, usage, sessionTimeSeconds, cause);
    }

    /**
     * Whether this version of an open session differs from {@code stored} (the same session as read) only by what an
     * Interim-Update brings: its last update, usage and session time. Those columns are in no index, so the store
     * may write them alone (the accounting write's progress statement): the interim of nearly every packet, a HOT
     * update of six columns instead of a merge of every column.
     */
    public boolean onlyProgressedFrom(Session stored) {
        if (stored == null || stopTime != null || !id.equals(stored.id) || lastUpdate.isBefore(stored.startTime)) {
            return false;
        }
        return equals(stored.withProgress(lastUpdate, usage, sessionTimeSeconds));
    }

    /** This session with another last update, usage and session time: what an Interim-Update brings. */
    public Session withProgress(Instant lastUpdate, Usage usage, long sessionTimeSeconds) {
        return withLifecycle(stopTime, lastUpdate, usage, sessionTimeSeconds, terminateCause);
    }

    /** A copy with what accounting moves over a session's life; identity, addresses and attributes stay. */
    private Session withLifecycle(
            Instant stopTime, Instant lastUpdate, Usage usage, long sessionTimeSeconds, TerminateCause terminateCause) {
        return new Session(
                id,
                tenant,
                nasId,
                key,
                acctSessionId,
                username,
                framedIp,
                macAddress,
                connectionType,
                startTime,
                startSettled,
                stopTime,
                lastUpdate,
                usage,
                sessionTimeSeconds,
                terminateCause,
                port,
                rateLimit,
                original,
                interimInterval,
                ipv6);
    }

    /**
     * Whether the NAS itself reported the end (its Stop, with or without Acct-Terminate-Cause). The NAS's Stop
     * carries its final counters; a session the service closed (admin disconnect, stale cleanup, superseded,
     * NAS reboot) may still learn the NAS's later, higher counters.
     */
    public boolean stoppedByNas() {
        return stopTime != null && (terminateCause == null || terminateCause.origin() == TerminateCause.Origin.NAS);
    }

    /**
     * How much earlier than the stored start an Interim-Update or Stop of a session without a Start must imply its
     * start before the start moves. Arrival jitter, whole-second Acct-Session-Time and queueing move the implied
     * start by milliseconds to a few seconds from one interim to the next; a NAS whose clock the service does not
     * believe moves it by the gap between its clock and the service's. Each such move rewrote every index entry
     * of the row (a non-HOT update): 0 % HOT updates with distrusted Event-Timestamps (issue 12). Mirrored in
     * SQL ({@code SessionUpsert}).
     */
    public static final Duration START_TOLERANCE = Duration.ofSeconds(60);

    /**
     * The start once a later view is merged: a recorded Start settles the start (a late Start still keeps the
     * earliest start seen: reordering); a settled start does not move for Interim-Updates or Stops; an unsettled
     * one moves only for a start earlier by more than {@link #START_TOLERANCE}.
     */
    private Instant settledStart(Session later) {
        Instant earliest = later.startTime.isBefore(startTime) ? later.startTime : startTime;
        if (later.startSettled) {
            return earliest;
        }
        if (startSettled) {
            return startTime;
        }
        return later.startTime.isBefore(startTime.minus(START_TOLERANCE)) ? later.startTime : startTime;
    }

    /**
     * Merges a later view of the same session: counters and session time never go backwards, the start settles
     * ({@link #settledStart}), last update the latest, optional attributes are learnt when present (the NAS's original
     * octets too, once known they stay; the interim interval as the latter version says, when it says one), and a stopped session stays stopped with its first stop time and cause.
     * Once the NAS has stopped the session its counters and session time are final: a late Interim-Update does
     * not raise them (FreeRADIUS's interim query, too, touches open sessions only).
     */
    public Session mergedWith(Session later) {
        boolean countersFinal = stoppedByNas();
        Instant start = settledStart(later);
        Instant seen = later.lastUpdate.isAfter(lastUpdate) ? later.lastUpdate : lastUpdate;
        Instant stop = stopTime != null ? stopTime : later.stopTime;
        TerminateCause cause = stopTime != null ? terminateCause : later.terminateCause;
        if (stop != null && stop.isBefore(start)) {
            stop = start;
        }
        return new Session(
                id,
                tenant,
                nasId,
                key,
                acctSessionId,
                username,
                later.framedIp != null ? later.framedIp : framedIp,
                later.macAddress != null ? later.macAddress : macAddress,
                connectionType,
                start,
                startSettled || later.startSettled,
                stop,
                seen,
                countersFinal ? usage : usage.max(later.usage),
                countersFinal ? sessionTimeSeconds : Math.max(sessionTimeSeconds, later.sessionTimeSeconds),
                cause,
                port.mergedWith(later.port),
                later.rateLimit != null ? later.rateLimit : rateLimit,
                original != null ? original : later.original,
                later.interimInterval != null ? later.interimInterval : interimInterval,
                ipv6.mergedWith(later.ipv6));
    }
}
