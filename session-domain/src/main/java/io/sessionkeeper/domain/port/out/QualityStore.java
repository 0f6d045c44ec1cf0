package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.QualityMeasurement;
import io.sessionkeeper.domain.model.QualityTally;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The quality of sessions: 5-minute buckets per session and source, each holding its raw content ({@link
 * QualityTally}), rolled into hours by a job; a session's quality state for its timeline; and the look-ups the
 * sources need. Everything is confined to the tenant named.
 */
public interface QualityStore {
    /** The width of a stored bucket; buckets start on multiples of it since the epoch (UTC). */
    Duration BUCKET = Duration.ofMinutes(5);

    /** A bucket of a session after a write. */
    record SessionBucket(TenantId tenant, SessionId session, QualityTally tally) {}

    /**
     * Adds each measurement to the 5-minute bucket of its session, source and instant, as one unit (when this returns
     * they are stored), and answers the buckets touched with their whole content after the write. Each names a
     * session of its tenant that exists.
     */
    List<SessionBucket> add(Collection<QualityMeasurement> measurements);

    /** The session's 5-minute buckets starting in [from, to), oldest first (sources in their order). */
    List<QualityTally> buckets(TenantId tenant, SessionId session, Instant from, Instant to);

    /** The session's hourly roll-ups starting in [from, to), oldest first. */
    List<QualityTally> hours(TenantId tenant, SessionId session, Instant from, Instant to);

    /** The 5-minute buckets of every session of the tenant starting in [from, to), by session. */
    Map<SessionId, List<QualityTally>> recent(TenantId tenant, Instant from, Instant to);

    /**
     * Sets the session's quality state (degraded or not) as of the bucket starting at {@code bucket}, unless a later
     * bucket set it already (a late bucket never turns the state back), atomically across processes.
     *
     * @return whether the state changed (a session without a state counts as not degraded)
     */
    boolean changeState(TenantId tenant, SessionId session, Instant bucket, boolean degraded);

    /** The open session that has each address now (the newest started when several claim it), by address. */
    Map<IpAddress, SessionId> openByAddress(TenantId tenant, Collection<IpAddress> addresses);

    /** The open session of each User-Name (the newest started when the user has several), by User-Name. */
    Map<String, SessionId> openByUsername(TenantId tenant, Collection<String> usernames);

    /** An open session with a framed address, as the prober sees it. */
    record ProbeTarget(TenantId tenant, SessionId session, IpAddress address) {}

    /**
     * Open sessions of every tenant that have a framed address, ordered by tenant and session id, those after
     * {@code after} (null: from the first), at most {@code limit}.
     */
    List<ProbeTarget> probeTargets(ProbeTarget after, int limit);
}
