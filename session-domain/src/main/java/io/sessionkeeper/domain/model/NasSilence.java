package io.sessionkeeper.domain.model;

import java.time.Duration;
import java.time.Instant;

/**
 * When a NAS counts as silent: it has sent accounting before, and none for longer than {@code quiet}. A NAS that
 * never sent any is not silent (nothing is known of it yet: a router being set up). The last accounting of a NAS is
 * the time its accounting was last committed, kept per NAS by the accounting path (never read from the sessions).
 *
 * <p>The one definition of NAS silence: alert rules ({@link AlertRuleType#NAS_SILENT}), and later analytics and the
 * dashboard, use this.
 */
public record NasSilence(Duration quiet) {
    public NasSilence {
        InvalidValueException.require(
                quiet != null && !quiet.isNegative() && !quiet.isZero(), "quiet", "must be positive");
    }

    /** Whether a NAS last heard at {@code lastAccounting} (null: never) is silent at {@code now}. */
    public boolean isSilent(Instant lastAccounting, Instant now) {
        return lastAccounting != null && lastAccounting.isBefore(now.minus(quiet));
    }

    /** How long it has been quiet at {@code now}, in seconds (0 when never heard). */
    public static long quietSeconds(Instant lastAccounting, Instant now) {
        return lastAccounting == null
                ? 0
                : Math.max(0, Duration.between(lastAccounting, now).getSeconds());
    }
}
