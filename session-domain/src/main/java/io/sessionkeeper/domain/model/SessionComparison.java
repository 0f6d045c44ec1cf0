package io.sessionkeeper.domain.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A customer's current session (the open one, else the latest) against its sessions started in the last {@code
 * windowDays}: mean and median duration and data, and the percentile of the current one. Fewer than {@link
 * #MIN_SESSIONS} sessions in the window: {@code insufficientData}, no averages, no percentile.
 *
 * <p>Duration: to the stop, or to now for an open session. Data: download + upload bytes. Median of an even number
 * of sessions: the mean of the two middle ones. Percentile: the share of the window's sessions (the current one
 * included when it started in the window) whose value is at most the current one's, in percent.
 *
 * @param current null when the customer has no session at all
 * @param average null with insufficient data
 * @param percentile null with insufficient data
 */
public record SessionComparison(
        String username, int windowDays, int sessions, Current current, Average average, Percentile percentile) {
    public static final int MIN_SESSIONS = 5;
    public static final int WINDOW_DAYS = 30;

    public boolean insufficientData() {
        return average == null;
    }

    /** The session compared. */
    public record Current(SessionId id, boolean active, Instant startTime, long durationSeconds, long dataBytes) {}

    public record Average(double duration, double dataUsage, double medianDuration, double medianDataUsage) {}

    public record Percentile(double duration, double dataUsage) {}

    /** Compares {@code current} with {@code window} (the sessions started in the window) at {@code now}. */
    public static SessionComparison of(String username, Session current, List<Session> window, Instant now) {
        Current compared = current == null
                ? null
                : new Current(
                        current.id(),
                        current.isActive(),
                        current.startTime(),
                        current.durationSeconds(now),
                        current.usage().totalOctets());
        if (compared == null || window.size() < MIN_SESSIONS) {
            return new SessionComparison(username, WINDOW_DAYS, window.size(), compared, null, null);
        }
        long[] durations =
                window.stream().mapToLong(s -> s.durationSeconds(now)).toArray();
        long[] data = window.stream().mapToLong(s -> s.usage().totalOctets()).toArray();
        Average average = new Average(mean(durations), mean(data), median(durations), median(data));
        Percentile percentile = new Percentile(
                percentile(durations, compared.durationSeconds()), percentile(data, compared.dataBytes()));
        return new SessionComparison(username, WINDOW_DAYS, window.size(), compared, average, percentile);
    }

    static double mean(long[] values) {
        double sum = 0;
        for (long v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2;
    }

    static double percentile(long[] values, long value) {
        long atMost = Arrays.stream(values).filter(v -> v <= value).count();
        return 100.0 * atMost / values.length;
    }
}
