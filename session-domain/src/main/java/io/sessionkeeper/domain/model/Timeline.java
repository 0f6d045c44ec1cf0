package io.sessionkeeper.domain.model;

import java.util.List;

/**
 * A page of a session's timeline: {@code entries} in time order from position {@code offset}; {@code hasMore} when
 * entries follow beyond it.
 */
public record Timeline(SessionId session, List<TimelineEntry> entries, long offset, int limit, boolean hasMore) {
    public Timeline {
        InvalidValueException.require(session != null, "session", "must not be null");
        entries = List.copyOf(entries);
    }
}
