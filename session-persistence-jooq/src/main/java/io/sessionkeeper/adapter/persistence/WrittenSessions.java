package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.adapter.persistence.mapping.Instants;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionKey;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The accounting units' memory of the open sessions this instance wrote last (ADR 57): for a session key, the
 * session as its last committed unit wrote it and the row version that write made ({@code xmin}, the writing
 * transaction's id). {@link PostgresAccountingUnits} answers a key from here instead of reading the row, and its
 * writes prove the answer: a session answered from memory is written only where the row still has that version and
 * that last update ({@link SessionUpsert}); where it has not (another writer changed it: the stale cleanup, a CoA, an
 * Accounting-On, another instance, an archival, a restored database), the unit is done again reading the rows. So
 * the memory can only save reads, never decide an outcome: a wrong entry costs one repeated unit.
 *
 * <p>Only what the store would read back is remembered: open sessions written by the progress statement or inserted
 * new, at the store's precision (microseconds); a key whose newest session was merged or stopped is forgotten. The
 * memory holds at most {@code capacity} keys; when full it first drops entries untouched for {@link #IDLE} (a session
 * whose end it never saw), at most once a minute, and otherwise takes no new key: for sessions whose interims come
 * round in a cycle, keeping the ones it has is worth more than any eviction (which would miss every time).
 */
final class WrittenSessions {
    /** An entry older than this is dropped when the memory is full: ten 5-minute interim intervals. */
    static final Duration IDLE = Duration.ofMinutes(50);

    private static final long SWEEP_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    /** A remembered session and the row version its write made. */
    record Entry(Session session, long xmin, long writtenAtNanos) {}

    private final Map<SessionKey, Entry> entries = new ConcurrentHashMap<>();
    private final int capacity;
    private final LongSupplier nanoTime;
    private final AtomicLong lastSweep;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();

    WrittenSessions(int capacity) {
        this(capacity, System::nanoTime);
    }

    WrittenSessions(int capacity, LongSupplier nanoTime) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + capacity);
        }
        this.capacity = capacity;
        this.nanoTime = nanoTime;
        this.lastSweep = new AtomicLong(nanoTime.getAsLong() - SWEEP_EVERY_NANOS);
    }

    Entry get(SessionKey key) {
        Entry entry = entries.get(key);
        if (entry != null) {
            hits.incrementAndGet();
        }
        return entry;
    }

    /**
     * A committed unit's changes: {@code forget} first, then {@code remember} (key to session and version); a
     * session not at the store's precision is not remembered (a caller passing nanoseconds would otherwise be
     * answered with an instant the row does not have).
     */
    void apply(Collection<SessionKey> forget, Map<SessionKey, Entry> remember) {
        for (SessionKey key : forget) {
            entries.remove(key);
        }
        for (Map.Entry<SessionKey, Entry> change : remember.entrySet()) {
            Entry entry = change.getValue();
            if (!atStorePrecision(entry.session())) {
                entries.remove(change.getKey());
            } else if (entries.containsKey(change.getKey()) || hasRoom()) {
                entries.put(change.getKey(), entry);
            }
        }
    }

    /** Drops the entries of these keys. */
    void forget(Collection<SessionKey> keys) {
        for (SessionKey key : keys) {
            entries.remove(key);
        }
    }

    /** A unit found entries of these keys out of date, and will read them instead. */
    void outdated(Collection<SessionKey> keys) {
        stale.incrementAndGet();
        forget(keys);
    }

    /** A fresh entry made now. */
    Entry entry(Session session, long xmin) {
        return new Entry(session, xmin, nanoTime.getAsLong());
    }

    int size() {
        return entries.size();
    }

    /** Keys answered from memory since the start. */
    long hits() {
        return hits.get();
    }

    /** Units done again because an entry was out of date. */
    long staleUnits() {
        return stale.get();
    }

    private boolean hasRoom() {
        if (entries.size() < capacity) {
            return true;
        }
        long now = nanoTime.getAsLong();
        long last = lastSweep.get();
        if (now - last >= SWEEP_EVERY_NANOS && lastSweep.compareAndSet(last, now)) {
            long idle = IDLE.toNanos();
            entries.values().removeIf(entry -> now - entry.writtenAtNanos() > idle);
        }
        return entries.size() < capacity;
    }

    private static boolean atStorePrecision(Session session) {
        return Instants.toDb(session.startTime()).equals(session.startTime())
                && Instants.toDb(session.lastUpdate()).equals(session.lastUpdate())
                && session.stopTime() == null;
    }
}
