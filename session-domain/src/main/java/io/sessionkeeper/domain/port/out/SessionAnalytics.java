package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.ConcurrencyTotals;
import io.sessionkeeper.domain.model.DeviceSession;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasPulse;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsageRanking;
import io.sessionkeeper.domain.model.UserUsage;
import java.time.Instant;
import java.util.List;

/**
 * The reads of analytics (issue 16). Each is bounded by its arguments, never a scan of the tenant's history: a
 * store keeps what it needs up to date beforehand (concurrency roll-ups, per-NAS minute counters).
 */
public interface SessionAnalytics {
    /**
     * Session time per UTC quarter hour in {@code [from, to)} ({@code from} on a quarter), of the tenant's sessions
     * or one NAS's ({@code nasId} non-null), open sessions counted up to {@link ConcurrencyTotals#countedUntil}.
     */
    ConcurrencyTotals concurrency(TenantId tenant, NasId nasId, Instant from, Instant to);

    /**
     * The users that may be multi-device at {@code now}, by User-Name, at most {@code maxUsers}: every user with two
     * or more open sessions, and every user whose sessions started at or after {@code windowStart} show at least
     * {@code minMacs} distinct universally administered MACs (a locally administered one, {@code
     * DeviceSession.isRandomized}, never makes MANY_MACS).
     */
    List<String> multiDeviceCandidates(TenantId tenant, Instant windowStart, int minMacs, int maxUsers);

    /**
     * For each of these users of the tenant, its open sessions and those started at or after {@code windowStart}, at
     * most {@code maxSessionsPerUser} newest (by start).
     */
    List<DeviceSession> deviceSessions(
            TenantId tenant, List<String> usernames, Instant windowStart, int maxSessionsPerUser);

    /**
     * For each NAS id given (of the tenant): its last accounting, last Accounting-On/Off and its packets in each
     * minute of {@code [fromMinute, toMinute)} that had any.
     */
    List<NasPulse> nasPulses(TenantId tenant, List<NasId> nasIds, Instant fromMinute, Instant toMinute);

    /**
     * The {@code limit} users with most bytes (download + upload; ties by User-Name) transferred in {@code [from,
     * to)}, {@code from} on a UTC quarter hour. Traffic is placed in time by the rule of the bandwidth series
     * ({@code BandwidthSeriesBuilder}: the octets between two samples spread over the 15-minute UTC buckets they
     * overlap), so a session crossing an edge of the window counts with its quarters inside it only. Counted up to
     * {@link UsageRanking#countedUntil}: the end of the last quarter-hour the store has rolled up, at most {@code to}
     * (never before {@code from}). {@link UserUsage#sessions}: the user's sessions up at some time in {@code [from,
     * countedUntil)} (started before its end, open or stopped after its start), traffic or not.
     */
    UsageRanking topUsers(TenantId tenant, Instant from, Instant to, int limit);
}
