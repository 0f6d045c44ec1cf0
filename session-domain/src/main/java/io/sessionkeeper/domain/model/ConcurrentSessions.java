package io.sessionkeeper.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one definition of "multi-session": a user (User-Name, within a tenant, across its NAS) has concurrent sessions
 * when more than {@code limit} of its sessions are open, live and {@link #concurrent concurrent} with one another.
 * Live: accounting seen within {@code staleAfter} (a session whose Stop was lost is not a second connection for
 * ever). Concurrent: each had accounting while the other was up, the later start before the earlier last
 * accounting, so a redial whose old session lost its Stop (it went quiet when the new one began) is a redial in
 * sequence, not two connections. The count is the most sessions concurrent at one moment. Alert rules
 * ({@link AlertRuleType#MULTI_SESSION}) and analytics ({@link MultiDeviceRule}) count with this.
 */
public final class ConcurrentSessions {
    private final Duration staleAfter;
    private final Map<String, List<Instant[]>> liveByUser = new HashMap<>();

    /** @param staleAfter the stale threshold of the service: beyond it an open session is not counted */
    public ConcurrentSessions(Duration staleAfter) {
        InvalidValueException.require(
                staleAfter != null && !staleAfter.isNegative() && !staleAfter.isZero(),
                "staleAfter",
                "must be positive");
        this.staleAfter = staleAfter;
    }

    /** Counts {@code session} when it is open and live at {@code now}. */
    public void add(String username, Instant startTime, Instant stopTime, Instant lastUpdate, Instant now) {
        if (isLive(stopTime, lastUpdate, now)) {
            liveByUser.computeIfAbsent(username, u -> new ArrayList<>()).add(new Instant[] {startTime, lastUpdate});
        }
    }

    public boolean isLive(Instant stopTime, Instant lastUpdate, Instant now) {
        return stopTime == null && !lastUpdate.isBefore(now.minus(staleAfter));
    }

    /** Each of two sessions had accounting while the other was up: the later start is before the earlier last. */
    public static boolean concurrent(Instant startA, Instant lastA, Instant startB, Instant lastB) {
        Instant laterStart = startA.isAfter(startB) ? startA : startB;
        Instant earlierLast = lastA.isBefore(lastB) ? lastA : lastB;
        return laterStart.isBefore(earlierLast);
    }

    /** Users with more than {@code limit} sessions concurrent at one moment, and how many each had at most. */
    public Map<String, Integer> above(int limit) {
        Map<String, Integer> above = new HashMap<>();
        liveByUser.forEach((user, spans) -> {
            int most = mostAtOnce(spans);
            if (most > limit) {
                above.put(user, most);
            }
        });
        return above;
    }

    /**
     * The most spans {@code [start, last accounting)} open at one instant (a sweep: an end before a start at the same
     * instant, so spans that only touch are not concurrent, as {@link #concurrent} says).
     */
    private static int mostAtOnce(List<Instant[]> spans) {
        List<long[]> edges = new ArrayList<>(spans.size() * 2);
        for (Instant[] span : spans) {
            edges.add(new long[] {span[0].toEpochMilli(), 1});
            edges.add(new long[] {span[1].toEpochMilli(), -1});
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int open = 0;
        int most = 0;
        for (long[] edge : edges) {
            open += (int) edge[1];
            most = Math.max(most, open);
        }
        return most;
    }
}
