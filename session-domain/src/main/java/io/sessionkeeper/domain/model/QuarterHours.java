package io.sessionkeeper.domain.model;

import java.time.Instant;

/**
 * UTC quarter hours (:00, :15, :30, :45), the grain of time-weighted concurrency: every time zone in use today has
 * an offset of whole quarter hours (+5:30, +5:45 included), so whole local hours are made of whole UTC quarters.
 */
public final class QuarterHours {
    public static final long QUARTER_MILLIS = 900_000L;

    private QuarterHours() {}

    /** Receives the milliseconds an interval spends in one quarter. */
    @FunctionalInterface
    public interface Sink {
        void add(long quarterStartMillis, long millis);
    }

    /** The start of the quarter holding {@code epochMillis}. */
    public static long floor(long epochMillis) {
        return Math.floorDiv(epochMillis, QUARTER_MILLIS) * QUARTER_MILLIS;
    }

    public static Instant floor(Instant instant) {
        return Instant.ofEpochMilli(floor(instant.toEpochMilli()));
    }

    /**
     * Hands {@code sign} times the milliseconds of {@code [fromMillis, toMillis)} spent in each quarter to {@code
     * sink}, quarter by quarter in time order; nothing when the interval is empty.
     */
    public static void spread(long fromMillis, long toMillis, long sign, Sink sink) {
        long at = fromMillis;
        while (at < toMillis) {
            long quarter = floor(at);
            long end = Math.min(toMillis, quarter + QUARTER_MILLIS);
            sink.add(quarter, sign * (end - at));
            at = end;
        }
    }
}
