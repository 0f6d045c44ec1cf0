package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.Session;
import java.util.List;

/**
 * Reads sessions for an export, chunk by chunk, in the listing order ({@link SessionRepository#find}'s: newest start
 * first, ties by id), by key rather than by offset: each chunk continues after the cursor of the previous one, so that
 * the last chunk costs what the first does.
 *
 * <p>Each call is one short read on its own: no transaction, snapshot or connection is kept between calls. A session
 * that starts while an export runs is newer than its cursor and not in it; one that changes (an interim update, a
 * stop) is read as it is when its chunk is read.
 */
public interface SessionExportReader {
    /**
     * At most {@code limit} sessions matching {@code filter} that come after {@code after} in the listing order
     * ({@code null}: from the first); fewer than {@code limit} means none is left.
     */
    List<Session> readChunk(SessionFilter filter, SessionCursor after, int limit);

    /** How many sessions match {@code filter}. */
    long count(SessionFilter filter);
}
