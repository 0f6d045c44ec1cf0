package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionId;
import java.time.Instant;

/** A place in the listing order (start descending, then id descending): the last session of a chunk. */
public record SessionCursor(Instant startTime, SessionId id) {
    public SessionCursor {
        InvalidValueException.require(startTime != null, "startTime", "must not be null");
        InvalidValueException.require(id != null, "id", "must not be null");
    }

    public static SessionCursor after(Session session) {
        return new SessionCursor(session.startTime(), session.id());
    }
}
