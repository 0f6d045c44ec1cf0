package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.InvalidValueException;
import java.time.Duration;

/**
 * When a session is stale: no accounting for longer than {@code threshold}. The threshold must exceed the NAS's
 * interim interval by a wide margin, or live sessions are closed and billed twice when their NAS reports again.
 * Stale sessions are closed in transactions of at most {@code batchSize}.
 */
public record StaleSessionPolicy(Duration threshold, int batchSize) {
    public static final StaleSessionPolicy DEFAULT = new StaleSessionPolicy(Duration.ofHours(24), 5_000);

    public StaleSessionPolicy {
        InvalidValueException.require(
                threshold != null && threshold.compareTo(Duration.ofMinutes(10)) >= 0,
                "staleThreshold",
                "must be at least 10 minutes (interim updates come every 1-10 minutes)");
        InvalidValueException.require(batchSize > 0, "staleBatchSize", "must be positive");
    }
}
