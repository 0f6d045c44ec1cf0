package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.port.out.SessionCursor;
import io.sessionkeeper.domain.port.out.SessionExportReader;
import io.sessionkeeper.domain.port.out.SessionFilter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The export reader over an {@link InMemorySessionRepository}: its listing, continued after the cursor. Counts the
 * chunks read, so that tests can see an export read in chunks; fails when the repository was told to, or from a
 * given chunk on.
 */
public final class InMemorySessionExportReader implements SessionExportReader {
    private final InMemorySessionRepository sessions;
    private final AtomicInteger chunksRead = new AtomicInteger();
    private volatile int failFrom = Integer.MAX_VALUE;
    private volatile RuntimeException failure;

    public InMemorySessionExportReader(InMemorySessionRepository sessions) {
        this.sessions = sessions;
    }

    public int chunksRead() {
        return chunksRead.get();
    }

    /**
     * Makes the {@code chunk}-th read from now on (1: the next one) and every later one throw {@code failure}: a store
     * that fails in the middle of an export, whichever thread reads its chunks.
     */
    public void failFromChunk(int chunk, RuntimeException failure) {
        this.failure = failure;
        this.failFrom = chunksRead.get() + chunk;
    }

    @Override
    public List<Session> readChunk(SessionFilter filter, SessionCursor after, int limit) {
        if (chunksRead.incrementAndGet() >= failFrom) {
            throw failure;
        }
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
