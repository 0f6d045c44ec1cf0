package io.sessionkeeper.domain.model;

import java.time.Duration;
import java.util.List;

/**
 * The buckets of one session's (or a sum of sessions') traffic over a range, oldest first, every bucket of the range
 * present; {@code interimInterval} is the spacing of samples the gaps were judged by (null when it could not be
 * inferred: fewer than two intervals between samples).
 */
public record UsageSeries(BandwidthInterval interval, Duration interimInterval, List<UsageBucket> buckets) {
    public UsageSeries {
        InvalidValueException.require(interval != null, "interval", "must not be null");
        buckets = List.copyOf(buckets);
    }
}
