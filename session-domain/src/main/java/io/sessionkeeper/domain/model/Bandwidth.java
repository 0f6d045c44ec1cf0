package io.sessionkeeper.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A bandwidth series as the API shows it: one point per bucket of [{@code from}, {@code to}), oldest first.
 * {@code interimInterval} is the sample spacing gaps were judged by (null when unknown or for a sum of sessions).
 */
public record Bandwidth(
        BandwidthInterval interval, Instant from, Instant to, Duration interimInterval, List<Point> points) {

    public Bandwidth {
        InvalidValueException.require(interval != null, "interval", "must not be null");
        points = List.copyOf(points);
    }

    /**
     * One bucket. {@code rate} is null where nothing is known (no sample around it yet, or outside the session);
     * {@code sessions} is how many sessions had traffic data in the bucket (sums of sessions only, else null).
     */
    public record Point(Instant timestamp, Rate rate, Integer sessions, UsageBucket.Marks marks, Source source) {
        public Point {
            InvalidValueException.require(timestamp != null && marks != null && source != null, "point", "incomplete");
        }
    }

    /** Average rates over the bucket, in kilobits (1,000 bits) per second, customer direction. */
    public record Rate(double downloadKbps, double uploadKbps) {
        /** {@code octets × 8 / seconds / 1000}. */
        public static Rate of(long downloadOctets, long uploadOctets, double seconds) {
            return new Rate(downloadOctets * 8 / seconds / 1000, uploadOctets * 8 / seconds / 1000);
        }
    }

    /**
     * Where a point's figures come from: the raw samples or the roll-ups (past the raw retention, and a NAS's series
     * at 15 minutes or wider); {@code PENDING}: not yet rolled up, in a series read from the roll-ups alone (a NAS's,
     * ADR 62): its rate is null until the usage job rolls its quarters.
     */
    public enum Source {
        SAMPLES,
        ROLLUP,
        PENDING
    }
}
