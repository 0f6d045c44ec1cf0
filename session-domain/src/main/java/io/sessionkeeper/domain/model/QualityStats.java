package io.sessionkeeper.domain.model;

/**
 * What a bucket's measurements say. Each figure is null where nothing was measured — never 0, which would read as a
 * perfect line: {@code rttP50Millis}, {@code rttP95Millis} and {@code jitterMillis} without round-trip times (every
 * echo lost, or no measurement), {@code lossPercent} without echo counts.
 *
 * @param samples round-trip times the figures rest on
 */
public record QualityStats(
        Double rttP50Millis, Double rttP95Millis, Double lossPercent, Double jitterMillis, long samples) {
    public static final QualityStats UNKNOWN = new QualityStats(null, null, null, null, 0);

    public QualityStats {
        InvalidValueException.require(samples >= 0, "samples", "must not be negative");
        InvalidValueException.require(
                lossPercent == null || (lossPercent >= 0 && lossPercent <= 100), "lossPercent", "must be 0 to 100");
    }

    /** Whether the figures break the thresholds: p95 above {@code rttMillis}, or loss above {@code lossPercent}. */
    public boolean worseThan(double rttMillis, double lossPercent) {
        return (rttP95Millis != null && rttP95Millis > rttMillis)
                || (this.lossPercent != null && this.lossPercent > lossPercent);
    }
}
