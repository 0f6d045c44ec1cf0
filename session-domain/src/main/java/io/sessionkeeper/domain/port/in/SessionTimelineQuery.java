package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;

/**
 * A page of a session's timeline: {@code limit} entries (1-{@value #MAX_LIMIT}) from position {@code offset} (0 -
 * {@value #MAX_OFFSET}); {@code collapse}: every run of two or more consecutive Interim-Updates is one entry.
 */
public record SessionTimelineQuery(TenantId tenant, SessionId id, boolean collapse, long offset, int limit) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1_000;
    /** A page costs reading every entry before it: the offset is bounded so that no request reads without end. */
    public static final long MAX_OFFSET = 100_000;

    public SessionTimelineQuery {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(id != null, "id", "must not be null");
        InvalidValueException.require(
                offset >= 0 && offset <= MAX_OFFSET, "offset", "must be between 0 and " + MAX_OFFSET);
        InvalidValueException.require(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT);
    }
}
