package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.MacAddress;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionKey;
import io.sessionkeeper.domain.model.SessionSample;
import io.sessionkeeper.domain.model.TenantId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What accounting may read and write inside one atomic unit of {@link SessionRepository#writeAtomically}. */
public interface SessionWrites {

    /**
     * For each key that has sessions, the newest one (latest start), open or closed. A store may answer a key from
     * what it wrote itself (the PostgreSQL store remembers the open sessions its units wrote), but only as a copy its
     * writes then prove: if the stored session changed since, the unit is discarded and done again from the store,
     * so the outcome is the one a read would have given.
     */
    Map<SessionKey, Session> findLatest(Set<SessionKey> keys);

    /** Open sessions of the given devices (same tenant, NAS, user and MAC), any key. */
    List<Session> findOpenOfDevices(Collection<Device> devices);

    /**
     * Inserts new sessions and updates known ones (by id). Whatever the caller passes, a stored session never
     * loses usage or session time, never moves its last update back, and once stopped keeps its stop time and
     * cause, so two writers racing on one session cannot regress it. A session that {@linkplain
     * Session#onlyProgressedFrom only progressed} since this unit read it may be written as that progress alone
     * (last update, usage, session time), while it is still open: its other columns are then left as stored.
     */
    void saveAll(Collection<Session> sessions);

    /**
     * Records events of sessions this unit saved ({@link #saveAll} first), with the unit: durable at its commit,
     * gone if it is discarded. A {@link SessionEvent.Superseded} is kept only if its session stands closed as
     * superseded once the unit's saves are applied: a writer outside the unit's locks (the stale cleanup, an
     * Accounting-On) may have closed it first, with a cause and an event of its own.
     */
    void recordEvents(Collection<SessionEvent> events);

    /**
     * Appends the usage samples of the unit's packets, in the same unit as the sessions (an acknowledged packet's
     * sample is as durable as its session). A store may make them readable ({@link UsageSamples}) after the unit
     * commits rather than with it, within a bound it documents (the PostgreSQL store queues a unit's samples as one
     * row and a job folds them, ADR 67: about a second). A sample equal in tenant, session and time to a stored one is a
     * retransmission and is not stored twice; samples are never changed afterwards. A sample marked {@link
     * SessionSample#newerThanStored} may be inserted without a look-up of its key, but the mark is a hint: a store
     * that finds the key taken anyway (another instance, a broken invariant) still stores the sample once and does not
     * fail the unit for good (the PostgreSQL store retries the unit without the hints).
     */
    void appendSamples(Collection<SessionSample> samples);

    /** A customer's device on a NAS, for "a new Start closes the one whose Stop was lost". */
    record Device(TenantId tenant, NasId nasId, String username, MacAddress macAddress) {}
}
