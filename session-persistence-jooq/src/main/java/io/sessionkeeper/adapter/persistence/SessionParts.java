package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.SESSIONS;

import io.sessionkeeper.adapter.persistence.jooq.tables.Sessions;
import io.sessionkeeper.domain.model.SessionStatusFilter;

/**
 * The two parts of the sessions (V30, docs/adr/0049-session-history-partitioned-by-stop-month.md): {@code sessions}
 * (open sessions and those closed recently; accounting writes only here) and {@code sessions_history} (closed longer
 * ago than the archive-after, by stop month). A read that may reach archived sessions goes through {@link #ALL}.
 */
final class SessionParts {
    /** Hot and history together: the view {@code sessions_all}, whose columns are those of {@code sessions}. */
    static final Sessions ALL = SESSIONS.rename("sessions_all");

    /**
     * The history alone, with the columns of {@code sessions}: a look-up by stop time that must leave out the other
     * months at run time reads it directly (through the view, PostgreSQL 15 probed every month).
     */
    static final Sessions HISTORY = SESSIONS.rename("sessions_history");

    private SessionParts() {}

    /** Open sessions are all in the hot part; completed ones may be in either. */
    static Sessions of(SessionStatusFilter status) {
        return status == SessionStatusFilter.ACTIVE ? SESSIONS : ALL;
    }
}
