package io.sessionkeeper.domain.model;

import java.time.Instant;
import java.util.List;

/**
 * The users with most traffic in a window, and how far the traffic is counted: a store that reads roll-ups counts
 * up to its last rolled quarter-hour, which may be before the end asked for (ADR 0044, ADR 0060).
 */
public record UsageRanking(Instant countedUntil, List<UserUsage> users) {
    public UsageRanking {
        InvalidValueException.require(countedUntil != null, "countedUntil", "must not be null");
        users = List.copyOf(users);
    }
}
