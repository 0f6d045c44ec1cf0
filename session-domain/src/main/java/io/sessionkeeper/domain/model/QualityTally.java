package io.sessionkeeper.domain.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The raw content of a bucket of one source, from which its figures ({@link QualityStats}) are computed exactly
 * however the bucket was filled: the round-trip times themselves (the first {@link #MAX_KEPT}; {@code rttCount}
 * counts all), echoes sent and lost (those of measurements that counted them), and the sum and number of the
 * differences between consecutive round trips within a measurement (jitter, after RFC 3550's mean deviation, taken
 * within one measurement because the order across measurements of different sources means nothing).
 *
 * <p>Buckets are added ({@link #plus}), so a 15-minute or hourly figure is computed from the whole of its content,
 * not averaged from finer figures.
 */
public record QualityTally(
        Instant start,
        QualitySource source,
        List<Double> rttMillis,
        long rttCount,
        long sent,
        long lost,
        double jitterSumMillis,
        long jitterPairs) {
    /** Round-trip times a bucket keeps: an hour of a pushing box that sends one a second. */
    public static final int MAX_KEPT = 3_600;

    public QualityTally {
        InvalidValueException.require(start != null, "start", "must not be null");
        InvalidValueException.require(source != null, "source", "must not be null");
        rttMillis = List.copyOf(rttMillis);
        InvalidValueException.require(rttMillis.size() <= MAX_KEPT, "rttMillis", "at most " + MAX_KEPT);
        InvalidValueException.require(rttCount >= rttMillis.size(), "rttCount", "must count the kept ones");
        InvalidValueException.require(sent >= 0 && lost >= 0 && lost <= sent, "lost", "must be 0 to sent");
        InvalidValueException.require(jitterPairs >= 0 && jitterSumMillis >= 0, "jitter", "must not be negative");
    }

    /** The content one measurement brings to the bucket starting at {@code start}. */
    public static QualityTally of(QualityMeasurement measurement, Instant start) {
        List<Double> rtts = measurement.rttMillis();
        double jitter = 0;
        for (int i = 1; i < rtts.size(); i++) {
            jitter += Math.abs(rtts.get(i) - rtts.get(i - 1));
        }
        QualityMeasurement.Echoes echoes = measurement.echoes();
        return new QualityTally(
                start,
                measurement.source(),
                rtts.size() > MAX_KEPT ? rtts.subList(0, MAX_KEPT) : rtts,
                rtts.size(),
                echoes == null ? 0 : echoes.sent(),
                echoes == null ? 0 : echoes.lost(),
                jitter,
                Math.max(0, rtts.size() - 1));
    }

    /** This bucket's content and {@code other}'s, at {@code start}. */
    public QualityTally plus(QualityTally other, Instant start) {
        List<Double> rtts = new ArrayList<>(rttMillis);
        for (Double rtt : other.rttMillis) {
            if (rtts.size() >= MAX_KEPT) {
                break;
            }
            rtts.add(rtt);
        }
        return new QualityTally(
                start,
                source,
                rtts,
                rttCount + other.rttCount,
                sent + other.sent,
                lost + other.lost,
                jitterSumMillis + other.jitterSumMillis,
                jitterPairs + other.jitterPairs);
    }

    /**
     * The figures: p50 and p95 by nearest rank over the kept round trips, loss as lost of sent, jitter as the mean
     * difference; null where nothing was measured.
     */
    public QualityStats stats() {
        double[] sorted = rttMillis.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return new QualityStats(
                percentile(sorted, 50),
                percentile(sorted, 95),
                sent == 0 ? null : 100.0 * lost / sent,
                jitterPairs == 0 ? null : jitterSumMillis / jitterPairs,
                rttCount);
    }

    private static Double percentile(double[] sorted, int percent) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
