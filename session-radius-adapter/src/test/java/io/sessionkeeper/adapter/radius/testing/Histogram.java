package io.sessionkeeper.adapter.radius.testing;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * A thread-safe histogram with fixed upper bounds, shaped for a Prometheus exporter (buckets, sum, count) plus the
 * maximum seen.
 */
public final class Histogram {
    private final long[] upperBounds;
    private final LongAdder[] buckets;
    private final LongAdder sum = new LongAdder();
    private final LongAccumulator max = new LongAccumulator(Math::max, 0);

    /** @param upperBounds inclusive upper bounds, ascending; one more bucket takes everything above the last */
    public Histogram(long... upperBounds) {
        for (int i = 1; i < upperBounds.length; i++) {
            if (upperBounds[i] <= upperBounds[i - 1]) {
                throw new IllegalArgumentException("upper bounds must ascend");
            }
        }
        this.upperBounds = upperBounds.clone();
        this.buckets = new LongAdder[upperBounds.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    public void record(long value) {
        int index = Arrays.binarySearch(upperBounds, value);
        if (index < 0) {
            index = -index - 1;
        }
        buckets[index].increment();
        sum.add(value);
        max.accumulate(value);
    }

    public Snapshot snapshot() {
        long[] counts = new long[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            counts[i] = buckets[i].sum();
        }
        return new Snapshot(upperBounds.clone(), counts, sum.sum(), max.get());
    }

    /**
     * A copy of the histogram.
     *
     * @param counts per bucket (not cumulative); the last one counts values above every bound
     */
    public record Snapshot(long[] upperBounds, long[] counts, long sum, long max) {
        public long count() {
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            return total;
        }

        public double mean() {
            long count = count();
            return count == 0 ? 0 : (double) sum / count;
        }

        /** How many values were at most {@code upperBounds[index]} (Prometheus's cumulative {@code le} bucket). */
        public long cumulative(int index) {
            long total = 0;
            for (int i = 0; i <= index && i < counts.length; i++) {
                total += counts[i];
            }
            return total;
        }

        /** The smallest bound below which at least {@code quantile} of the values lie (coarse, by bucket). */
        public long quantileBound(double quantile) {
            long count = count();
            if (count == 0) {
                return 0;
            }
            long needed = (long) Math.ceil(quantile * count);
            for (int i = 0; i < upperBounds.length; i++) {
                if (cumulative(i) >= needed) {
                    return upperBounds[i];
                }
            }
            return max;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Snapshot that
                    && Arrays.equals(upperBounds, that.upperBounds)
                    && Arrays.equals(counts, that.counts)
                    && sum == that.sum
                    && max == that.max;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(upperBounds) + Arrays.hashCode(counts);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("{");
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    continue;
                }
                if (out.length() > 1) {
                    out.append(", ");
                }
                out.append(i < upperBounds.length ? "≤" + upperBounds[i] : ">" + upperBounds[upperBounds.length - 1])
                        .append(": ")
                        .append(counts[i]);
            }
            return out.append("} count=")
                    .append(count())
                    .append(" mean=")
                    .append(String.format(java.util.Locale.ROOT, "%.1f", mean()))
                    .append(" max=")
                    .append(max)
                    .toString();
        }
    }
}
