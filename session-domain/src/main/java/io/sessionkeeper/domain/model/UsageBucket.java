package io.sessionkeeper.domain.model;

import java.time.Duration;
import java.time.Instant;

/**
 * The traffic of one bucket of a series: whole octets (the intervals between samples are spread over buckets by
 * time overlap, rounded so that the buckets of an interval add up to exactly its octets), how long of the bucket
 * lies between samples ({@code observed}), and what the bucket's figures rest on ({@link Marks}).
 */
public record UsageBucket(Instant start, long downloadOctets, long uploadOctets, Duration observed, Marks marks) {

    /**
     * @param gap part of the bucket lies in a stretch without a sample for more than twice the interim interval:
     *     its traffic is the average of that stretch, or unknown when no sample came after it
     * @param counterReset a sample in the bucket had a counter lower than an earlier one (a reset, or a wrap the NAS
     *     did not count in gigawords): no traffic is taken from it until the counter passes its old maximum
     * @param finerThanSamples no sample falls in the bucket: its traffic is the bucket's share of a longer interval
     */
    public record Marks(boolean gap, boolean counterReset, boolean finerThanSamples) {
        public static final Marks NONE = new Marks(false, false, false);

        public Marks or(Marks other) {
            return new Marks(
                    gap || other.gap, counterReset || other.counterReset, finerThanSamples || other.finerThanSamples);
        }
    }

    public UsageBucket {
        InvalidValueException.require(start != null, "start", "must not be null");
        InvalidValueException.require(downloadOctets >= 0 && uploadOctets >= 0, "usage", "must not be negative");
        InvalidValueException.require(observed != null && !observed.isNegative(), "observed", "must not be negative");
        InvalidValueException.require(marks != null, "marks", "must not be null");
    }

    /** Whether any of the bucket lies between two samples. */
    public boolean hasData() {
        return !observed.isZero();
    }
}
