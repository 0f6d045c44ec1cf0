package io.sessionkeeper.domain.model;

/**
 * One row of an export: the session, its NAS when still registered (null otherwise), and its duration at the moment
 * the export began (live for an active session, final for a completed one).
 */
public record ExportedSession(Session session, Nas nas, long durationSeconds) {
    public ExportedSession {
        InvalidValueException.require(session != null, "session", "must not be null");
        InvalidValueException.require(durationSeconds >= 0, "durationSeconds", "must not be negative");
    }

    /** The NAS's name, or null when it was deleted since. */
    public String nasName() {
        return nas == null ? null : nas.name();
    }
}
