package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.SessionKey;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TerminateCause;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Where sessions live. Writes of accounting go through {@link #prepare} (or {@link #writeAtomically}, which prepares
 * and commits); the rest are set-based operations that each commit on their own.
 */
public interface SessionRepository {

    /**
     * Runs {@code work} as one atomic, durable unit: everything it saved is committed when this returns, nothing
     * of it if this throws. While it runs, no other writer (in this process or another one on the same store)
     * works on any of {@code keys}.
     *
     * @throws io.sessionkeeper.domain.model.StoreRejectedDataException when the store refused the data saved (a
     *     value it cannot hold, a constraint, a limit): the same work would be refused again
     * @throws io.sessionkeeper.domain.model.StoreUnavailableException when the store could not do the work (out of
     *     reach, out of resources, timed out, or failing on contention even after retries)
     */
    default <T> T writeAtomically(Set<SessionKey> keys, Function<SessionWrites, T> work) {
        try (PreparedWrite<T> unit = prepare(keys, work)) {
            unit.commit();
            return unit.result();
        }
    }

    /**
     * Runs {@code work} as the unit of {@link #writeAtomically} without committing it: the caller commits (or
     * closes) the returned unit, possibly on another thread, while it prepares the next one. Until then the unit
     * holds {@code keys}: a unit prepared after it for any of them waits for its end, so units of the same keys
     * take effect in the order they were prepared. The store may retry {@code work} (on a deadlock, say): it must
     * not act outside the {@link SessionWrites} it is given.
     *
     * @throws io.sessionkeeper.domain.model.StoreRejectedDataException as {@link #writeAtomically}; nothing is held
     * @throws io.sessionkeeper.domain.model.StoreUnavailableException as {@link #writeAtomically}; nothing is held
     */
    <T> PreparedWrite<T> prepare(Set<SessionKey> keys, Function<SessionWrites, T> work);

    Optional<Session> findById(TenantId tenant, SessionId id);

    /** Matching sessions, newest start first, ties by id; {@code offset}/{@code limit} select the page. */
    List<Session> find(SessionFilter filter, long offset, int limit);

    long count(SessionFilter filter);

    /**
     * A listing's page and its total together: {@code find(filter, offset, limit)} (empty when {@code offset} is at
     * or past the total) and {@code count(filter)}. A store may read both in one pass over the matching rows.
     */
    default Found findCounted(SessionFilter filter, long offset, int limit) {
        long total = count(filter);
        return new Found(total <= offset ? List.of() : find(filter, offset, limit), total);
    }

    /** A page of matching sessions, and how many match in all. */
    record Found(List<Session> page, long total) {
        public Found {
            page = List.copyOf(page);
        }
    }

    ActiveSessionCounts countActive(TenantId tenant);

    /** Sessions of the tenant started at or after each instant, in the order given. */
    List<Long> countStartedSince(TenantId tenant, List<Instant> since);

    /**
     * Closes an open session at {@code stop} (never before its start) with {@code cause}.
     *
     * @return the closed session, or empty when there is no such open session
     */
    Optional<Session> close(TenantId tenant, SessionId id, Instant stop, TerminateCause cause);

    /**
     * Closes at most {@code limit} open sessions of the NAS that started at or before {@code startedAtOrBefore},
     * with stop time {@code stop} and {@code cause}, and records a {@link
     * io.sessionkeeper.domain.model.SessionEvent.NasRebooted} at {@code stop} for each, in the same unit as the close.
     *
     * @return how many were closed; fewer than {@code limit} means none is left
     * @throws io.sessionkeeper.domain.model.StoreUnavailableException as {@link #writeAtomically}: this is part of
     *     the accounting path (Accounting-On/Off), whose caller must tell an unavailable store from refused data
     */
    int closeOpenOfNas(NasId nasId, Instant startedAtOrBefore, Instant stop, TerminateCause cause, int limit);

    /**
     * Keeps that the NAS sent an Accounting-On ({@code accountingOn}) or an Accounting-Off at {@code at}, for its
     * health: the latest of each is kept, beside the NAS's last accounting. Written only when such a packet arrives.
     *
     * @throws io.sessionkeeper.domain.model.StoreUnavailableException as {@link #closeOpenOfNas}
     */
    void recordNasRestart(TenantId tenant, NasId nasId, boolean accountingOn, Instant at);

    /**
     * Closes at most {@code limit} open sessions whose last update is before {@code cutoff}, each with its last
     * update as stop time and cause {@link TerminateCause#STALE_SESSION_CLEANUP}, and records a {@link
     * io.sessionkeeper.domain.model.SessionEvent.ClosedAsStale} at {@code closedAt} for each, in the same unit as the
     * close.
     *
     * @param tenant the tenant, or {@code null} for every tenant
     * @param closedAt when the cleanup decided (the time of its event; the stop time stays the last update)
     * @return how many were closed; fewer than {@code limit} means none is left
     */
    int closeStale(TenantId tenant, Instant cutoff, Instant closedAt, int limit);
}
