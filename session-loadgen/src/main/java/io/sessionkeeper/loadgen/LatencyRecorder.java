package io.sessionkeeper.loadgen;

import java.util.Arrays;

/** Every acknowledgement latency in microseconds (an int each), sorted once at the end for exact percentiles. */
final class LatencyRecorder {
    private int[] micros = new int[1 << 16];
    private int count;

    void record(long nanos) {
        if (count == micros.length) {
            micros = Arrays.copyOf(micros, micros.length * 2);
        }
        micros[count++] = (int) Math.min(Integer.MAX_VALUE, nanos / 1000);
    }

    Percentiles percentiles() {
        return percentilesOf(this);
    }

    /** Forgets every latency recorded so far (the progress line's window starts again). */
    void clear() {
        count = 0;
    }

    /** The percentiles of every latency of {@code recorders} together. */
    static Percentiles percentilesOf(LatencyRecorder... recorders) {
        int count = 0;
        for (LatencyRecorder recorder : recorders) {
            count += recorder.count;
        }
        int[] sorted = new int[count];
        int at = 0;
        for (LatencyRecorder recorder : recorders) {
            System.arraycopy(recorder.micros, 0, sorted, at, recorder.count);
            at += recorder.count;
        }
        Arrays.sort(sorted);
        return new Percentiles(count, at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), at(sorted, 1.0));
    }

    private static double at(int[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
    }

    /** Latencies in milliseconds. */
    public record Percentiles(int count, double p50, double p95, double p99, double max) {}

    /**
     * The latencies by Acct-Status-Type, and all of them together: the load sends every Start of a run before most
     * interims, so a tail that only Starts (an insert into every index) have shows in the overall p99 without this.
     */
    static final class ByKind {
        private final LatencyRecorder start = new LatencyRecorder();
        private final LatencyRecorder interim = new LatencyRecorder();
        private final LatencyRecorder stop = new LatencyRecorder();

        /** {@code statusType}: 1 Start, 2 Stop, 3 Interim-Update. */
        void record(int statusType, long nanos) {
            switch (statusType) {
                case 1 -> start.record(nanos);
                case 2 -> stop.record(nanos);
                case 3 -> interim.record(nanos);
                default -> throw new IllegalArgumentException("not a status type the load sends: " + statusType);
            }
        }

        KindPercentiles percentiles() {
            return new KindPercentiles(start.percentiles(), interim.percentiles(), stop.percentiles());
        }

        Percentiles all() {
            return percentilesOf(start, interim, stop);
        }
    }

    /** Latencies of Starts, Interim-Updates and Stops, in milliseconds. */
    public record KindPercentiles(Percentiles start, Percentiles interim, Percentiles stop) {}
}
