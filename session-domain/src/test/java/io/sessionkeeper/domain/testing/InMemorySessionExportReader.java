package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.port.out.SessionCursor;
import io.sessionkeeper.domain.port.out.SessionExportReader;
import io.sessionkeeper.domain.port.out.SessionFilter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The export reader over an {@link InMemorySessionRepository}: its listing, continued after the cursor. Counts the
 * chunks read, so that tests can see an export read in chunks; fails when the repository was told to.
 */
public final class InMemorySessionExportReader implements SessionExportReader {
    private final InMemorySessionRepository sessions;
    private final AtomicInteger chunksRead = new AtomicInteger();

    public InMemorySessionExportReader(InMemorySessionRepository sessions) {
        this.sessions = sessions;
    }

    public int chunksRead() {
        return chunksRead.get();
    }

    @Override
    public List<Session> readChunk(SessionFilter filter, SessionCursor after, int limit) {
        chunksRead.incrementAndGet();
        return sessions.find(filter, 0, Integer.MAX_VALUE).stream()
                .filter(s -> after == null || comesAfter(s, after))
                .limit(limit)
                .toList();
    }

    /** Later in the listing order (start descending, then id descending as PostgreSQL orders uuids). */
    private static boolean comesAfter(Session session, SessionCursor cursor) {
        int byStart = session.startTime().compareTo(cursor.startTime());
        if (byStart != 0) {
            return byStart < 0;
        }
        return session.id().value().toString().compareTo(cursor.id().value().toString()) < 0;
    }

    @Override
    public long count(SessionFilter filter) {
        return sessions.count(filter);
    }
}
