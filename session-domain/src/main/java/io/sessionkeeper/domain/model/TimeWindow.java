package io.sessionkeeper.domain.model;

import java.time.Instant;

/**
 * Instants from {@code from} (included) until {@code until} (excluded); either end may be open (null), not both. A
 * session falls in it when it started in it; with {@code overlap}, also when it started before {@code from} and was
 * still running at {@code from} (open, or stopped after it). Storage adapters implement exactly {@link #includes}.
 */
public record TimeWindow(Instant from, Instant until, boolean overlap) {
    public TimeWindow {
        InvalidValueException.require(from != null || until != null, "period", "needs a start or an end");
        InvalidValueException.require(
                from == null || until == null || !until.isBefore(from), "period", "must not end before it starts");
    }

    /** Whether a session that started at {@code start} and stopped at {@code stop} (null: still open) falls in it. */
    public boolean includes(Instant start, Instant stop) {
        if (until != null && !start.isBefore(until)) {
            return false;
        }
        if (from == null || !start.isBefore(from)) {
            return true;
        }
        return overlap && (stop == null || stop.isAfter(from));
    }
}
