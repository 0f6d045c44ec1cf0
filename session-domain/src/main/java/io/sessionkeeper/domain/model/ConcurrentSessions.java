package io.sessionkeeper.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The one definition of "multi-session": a user (User-Name, within a tenant, across its NAS) has concurrent sessions
 * when more than {@code limit} of its sessions are open and live, live meaning accounting seen within
 * {@code staleAfter} (a session whose Stop was lost is not a second connection). Alert rules
 * ({@link AlertRuleType#MULTI_SESSION}), and later analytics and the dashboard, count with this.
 */
public final class ConcurrentSessions {
    private final Duration staleAfter;
    private final Map<String, Integer> openByUser = new HashMap<>();

    /** @param staleAfter the stale threshold of the service: beyond it an open session is not counted */
    public ConcurrentSessions(Duration staleAfter) {
        InvalidValueException.require(
                staleAfter != null && !staleAfter.isNegative() && !staleAfter.isZero(),
                "staleAfter",
                "must be positive");
        this.staleAfter = staleAfter;
    }

    /** Counts {@code session} when it is open and live at {@code now}. */
    public void add(String username, Instant stopTime, Instant lastUpdate, Instant now) {
        if (isLive(stopTime, lastUpdate, now)) {
            openByUser.merge(username, 1, Integer::sum);
        }
    }

    public boolean isLive(Instant stopTime, Instant lastUpdate, Instant now) {
        return stopTime == null && !lastUpdate.isBefore(now.minus(staleAfter));
    }

    /** Users with more than {@code limit} live sessions, and how many each has. */
    public Map<String, Integer> above(int limit) {
        Map<String, Integer> above = new HashMap<>();
        openByUser.forEach((user, count) -> {
            if (count > limit) {
                above.put(user, count);
            }
        });
        return above;
    }
}
