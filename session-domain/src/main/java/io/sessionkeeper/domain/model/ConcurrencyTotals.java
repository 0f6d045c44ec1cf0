package io.sessionkeeper.domain.model;

import java.time.Instant;
import java.util.Arrays;

/**
 * Session time per UTC quarter hour from {@code from} on: {@code millis[i]} is the sum over sessions of the
 * milliseconds each was open within the quarter starting at {@code from + i × 15 min} (so 900,000 is one session
 * throughout the quarter). Known until {@code countedUntil}: the concurrency roll-up counts open sessions up to the
 * time of its last run.
 */
public record ConcurrencyTotals(Instant from, long[] millis, Instant countedUntil) {
    public ConcurrencyTotals {
        InvalidValueException.require(
                from != null && QuarterHours.floor(from).equals(from), "from", "must start a quarter hour");
        InvalidValueException.require(millis != null, "millis", "must not be null");
        InvalidValueException.require(countedUntil != null, "countedUntil", "must not be null");
        millis = millis.clone();
    }

    /** The milliseconds of the quarter starting at {@code quarter} (0 outside the range). */
    public long at(Instant quarter) {
        long index = (quarter.toEpochMilli() - from.toEpochMilli()) / QuarterHours.QUARTER_MILLIS;
        return index < 0 || index >= millis.length ? 0 : millis[(int) index];
    }

    @Override
    public long[] millis() {
        return millis.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConcurrencyTotals that
                && from.equals(that.from)
                && Arrays.equals(millis, that.millis)
                && countedUntil.equals(that.countedUntil);
    }

    @Override
    public int hashCode() {
        return from.hashCode() * 31 + Arrays.hashCode(millis);
    }

    @Override
    public String toString() {
        return "ConcurrencyTotals[from=" + from + ", quarters=" + millis.length + ", countedUntil=" + countedUntil
                + "]";
    }
}
