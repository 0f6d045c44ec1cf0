package io.sessionkeeper.domain.model;

import java.time.Instant;
import java.util.List;

/**
 * A session's quality over a range, bucket by bucket (every bucket of the range present, oldest first), with the
 * rate it was shaped to ({@code rate}, null when none is known).
 */
public record QualitySeries(
        BandwidthInterval interval, Instant from, Instant to, EffectiveRate rate, List<Point> points) {
    public QualitySeries {
        InvalidValueException.require(interval != null, "interval", "must not be null");
        points = List.copyOf(points);
    }

    /**
     * One bucket: the figures of each source that measured in it (none: nothing is known of it), and whether the
     * session's throughput was then near its rate ({@code nearRateLimit}: null when its rate or its throughput is
     * unknown), with that throughput.
     */
    public record Point(Instant start, List<Measured> sources, Bandwidth.Rate throughput, Boolean nearRateLimit) {
        public Point {
            InvalidValueException.require(start != null, "start", "must not be null");
            sources = List.copyOf(sources);
        }
    }

    public record Measured(QualitySource source, QualityStats stats) {}
}
