package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.InvalidValueException;
import java.time.Duration;
import java.util.List;

/**
 * When a webhook delivery that may succeed later is tried again: after the first attempt fails, wait {@code
 * delays[0]}, after the second {@code delays[1]}, …; after the last delay's attempt, it has failed for good (so
 * {@code delays.size() + 1} attempts in all). A claimed delivery is another process's for {@code lease} (longer
 * than one attempt can take: the 5 s time-out and some), after which it is claimed again (its claimer died).
 */
public record WebhookRetrySchedule(List<Duration> delays, Duration lease) {
    /** About 1 s, 5 s, 25 s, 2 min, 10 min: six attempts over some 13 minutes. */
    public static final WebhookRetrySchedule DEFAULT = new WebhookRetrySchedule(
            List.of(
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(25),
                    Duration.ofMinutes(2),
                    Duration.ofMinutes(10)),
            Duration.ofSeconds(60));

    public WebhookRetrySchedule {
        delays = List.copyOf(delays);
        InvalidValueException.require(
                delays.stream().allMatch(d -> !d.isNegative()), "retryDelays", "must not be negative");
        InvalidValueException.require(
                lease != null && (!lease.isNegative() && !lease.isZero()), "lease", "must be positive");
    }

    public int maxAttempts() {
        return delays.size() + 1;
    }

    /** The wait after the failed attempt number {@code attempt} (from 1), or null when it was the last. */
    public Duration after(int attempt) {
        return attempt >= 1 && attempt <= delays.size() ? delays.get(attempt - 1) : null;
    }
}
