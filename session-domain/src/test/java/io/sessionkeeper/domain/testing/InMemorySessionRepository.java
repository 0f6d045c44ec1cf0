package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.ConnectionType;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.SessionKey;
import io.sessionkeeper.domain.model.SessionSample;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.model.UsageSample;
import io.sessionkeeper.domain.port.out.ActiveSessionCounts;
import io.sessionkeeper.domain.port.out.PreparedWrite;
import io.sessionkeeper.domain.port.out.SessionFilter;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.port.out.SessionWrites;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The repository in memory, with the same semantics as the PostgreSQL adapter (both pass
 * {@link SessionRepositoryContract}). One lock serialises writers; a failed unit of work leaves nothing behind.
 * {@link #failWith} makes every write throw, to play a database that went away. The events it records (of the
 * accounting unit and of its bounded closes) go to its {@link #events()}, as PostgreSQL's go to one table.
 */
public final class InMemorySessionRepository implements SessionRepository {
    /** Newest start first, ties by id as PostgreSQL orders uuid (unsigned bytes = lower-case hex text). */
    public static final Comparator<Session> LISTING_ORDER = Comparator.comparing(Session::startTime)
            .thenComparing(s -> s.id().value().toString())
            .reversed();

    private final Map<SessionId, Session> sessions = new LinkedHashMap<>();
    private final Map<NasId, Instant> accountingOns = new HashMap<>();
    private final Map<NasId, Instant> accountingOffs = new HashMap<>();
    /** Samples by session, by time: the natural key (tenant, session, time) keeps the first of each. */
    private final Map<SessionId, java.util.TreeMap<Instant, SessionSample>> samples = new HashMap<>();
    /** Every sample of every committed unit, in order, with its mark: what tests of the domain's marks read. */
    private final List<SessionSample> appended = new ArrayList<>();
    /** Samples marked newer than anything stored whose key an earlier unit had stored: a wrong mark. */
    private int wronglyMarkedNewer;

    private volatile RuntimeException failure;
    private int committedUnits;
    private final Semaphore unitPermit = new Semaphore(1);
    private final InMemorySessionEvents events;

    public InMemorySessionRepository() {
        this(new InMemorySessionEvents());
    }

    public InMemorySessionRepository(InMemorySessionEvents events) {
        this.events = events;
    }

    /** Where this repository records its events; also the events port of the same store. */
    public InMemorySessionEvents events() {
        return events;
    }

    public synchronized void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    public synchronized void recover() {
        this.failure = null;
    }

    public synchronized List<Session> all() {
        return List.copyOf(sessions.values());
    }

    public synchronized int committedUnits() {
        return committedUnits;
    }

    private void checkAvailable() {
        RuntimeException current = failure;
        if (current != null) {
            throw current;
        }
    }

    /**
     * One unit at a time (a permit, not the monitor: a unit may be committed on another thread than the one that
     * prepared it, as the RADIUS listener's pipeline does); the work runs under the monitor, as every read does.
     */
    @Override
    public <T> PreparedWrite<T> prepare(Set<SessionKey> keys, Function<SessionWrites, T> work) {
        unitPermit.acquireUninterruptibly();
        try {
            synchronized (this) {
                checkAvailable();
                Map<SessionId, Session> staged = new LinkedHashMap<>();
                List<SessionEvent> stagedEvents = new ArrayList<>();
                List<SessionSample> stagedSamples = new ArrayList<>();
                T result = work.apply(writesOver(staged, stagedEvents, stagedSamples));
                return new InMemoryUnit<>(staged, stagedEvents, stagedSamples, result);
            }
        } catch (RuntimeException e) {
            unitPermit.release();
            throw e;
        }
    }

    private final class InMemoryUnit<T> implements PreparedWrite<T> {
        private final Map<SessionId, Session> staged;
        private final List<SessionEvent> stagedEvents;
        private final List<SessionSample> stagedSamples;
        private final T result;
        private boolean ended;

        InMemoryUnit(
                Map<SessionId, Session> staged,
                List<SessionEvent> stagedEvents,
                List<SessionSample> stagedSamples,
                T result) {
            this.staged = staged;
            this.stagedEvents = stagedEvents;
            this.stagedSamples = stagedSamples;
            this.result = result;
        }

        @Override
        public T result() {
            return result;
        }

        @Override
        public void commit() {
            synchronized (InMemorySessionRepository.this) {
                if (ended) {
                    throw new IllegalStateException("the unit was already ended");
                }
                checkAvailable();
                sessions.putAll(staged);
                events.append(stagedEvents);
                for (SessionSample sample : stagedSamples) {
                    var stored = samples.get(sample.session());
                    if (sample.newerThanStored()
                            && stored != null
                            && stored.containsKey(sample.sample().at())) {
                        wronglyMarkedNewer++; // stored once all the same, as the port asks of a store
                    }
                }
                for (SessionSample sample : stagedSamples) {
                    samples.computeIfAbsent(sample.session(), id -> new java.util.TreeMap<>())
                            .putIfAbsent(sample.sample().at(), sample);
                }
                appended.addAll(stagedSamples);
                committedUnits++;
                ended = true;
            }
            unitPermit.release();
        }

        @Override
        public void close() {
            boolean release;
            synchronized (InMemorySessionRepository.this) {
                release = !ended;
                ended = true;
            }
            if (release) {
                unitPermit.release();
            }
        }
    }

    /** Every committed sample as the domain appended it (retransmissions included), in order. */
    public synchronized List<SessionSample> appendedSamples() {
        return List.copyOf(appended);
    }

    /** How many committed samples were marked newer than anything stored although an earlier unit stored their key. */
    public synchronized int wronglyMarkedNewer() {
        return wronglyMarkedNewer;
    }

    /** The committed samples of a session of {@code tenant}, oldest first. */
    public synchronized List<UsageSample> samplesOf(TenantId tenant, SessionId session) {
        checkAvailable();
        return samples.getOrDefault(session, new java.util.TreeMap<>()).values().stream()
                .filter(s -> s.tenant().equals(tenant))
                .map(SessionSample::sample)
                .toList();
    }

    private SessionWrites writesOver(
            Map<SessionId, Session> staged, List<SessionEvent> stagedEvents, List<SessionSample> stagedSamples) {
        return new SessionWrites() {
            @Override
            public void appendSamples(Collection<SessionSample> toAppend) {
                stagedSamples.addAll(toAppend);
            }

            @Override
            public Map<SessionKey, Session> findLatest(Set<SessionKey> wanted) {
                Map<SessionKey, Session> newest = new HashMap<>();
                current(staged)
                        .filter(s -> wanted.contains(s.key()))
                        .forEach(s ->
                                newest.merge(s.key(), s, (a, b) -> b.startTime().isAfter(a.startTime()) ? b : a));
                return newest;
            }

            @Override
            public List<Session> findOpenOfDevices(Collection<Device> devices) {
                return current(staged)
                        .filter(Session::isActive)
                        .filter(s -> s.macAddress() != null
                                && devices.contains(new Device(s.tenant(), s.nasId(), s.username(), s.macAddress())))
                        .toList();
            }

            @Override
            public void saveAll(Collection<Session> toSave) {
                for (Session session : toSave) {
                    Session existing =
                            staged.containsKey(session.id()) ? staged.get(session.id()) : sessions.get(session.id());
                    staged.put(session.id(), existing == null ? session : existing.mergedWith(session));
                }
            }

            @Override
            public void recordEvents(Collection<SessionEvent> recorded) {
                for (SessionEvent event : recorded) {
                    Session session = current(staged)
                            .filter(s ->
                                    s.id().equals(event.session()) && s.tenant().equals(event.tenant()))
                            .findFirst()
                            .orElseThrow(() -> new IllegalStateException("an event of an unknown session: " + event));
                    boolean standsSuperseded =
                            session.stopTime() != null && TerminateCause.SUPERSEDED.equals(session.terminateCause());
                    if (!(event.detail() instanceof SessionEvent.Superseded) || standsSuperseded) {
                        stagedEvents.add(event);
                    }
                }
            }
        };
    }

    private Stream<Session> current(Map<SessionId, Session> staged) {
        Map<SessionId, Session> view = new LinkedHashMap<>(sessions);
        view.putAll(staged);
        return view.values().stream();
    }

    @Override
    public synchronized Optional<Session> findById(TenantId tenant, SessionId id) {
        checkAvailable();
        return Optional.ofNullable(sessions.get(id)).filter(s -> s.tenant().equals(tenant));
    }

    @Override
    public synchronized List<Session> find(SessionFilter filter, long offset, int limit) {
        checkAvailable();
        return matching(filter).sorted(LISTING_ORDER).skip(offset).limit(limit).toList();
    }

    @Override
    public synchronized long count(SessionFilter filter) {
        checkAvailable();
        return matching(filter).count();
    }

    private Stream<Session> matching(SessionFilter filter) {
        return sessions.values().stream()
                .filter(s -> s.tenant().equals(filter.tenant()))
                .filter(s -> filter.status() == SessionStatusFilter.ALL
                        || (filter.status() == SessionStatusFilter.ACTIVE) == s.isActive())
                .filter(s -> filter.username() == null || s.username().equals(filter.username()))
                .filter(s -> filter.nasId() == null || s.nasId().equals(filter.nasId()))
                .filter(s -> filter.search() == null || matchesSearch(s, filter.search()))
                .filter(s -> filter.window() == null || filter.window().includes(s.startTime(), s.stopTime()));
    }

    static boolean matchesSearch(Session session, String term) {
        String lower = term.toLowerCase(Locale.ROOT);
        if (session.username().toLowerCase(Locale.ROOT).startsWith(lower)) {
            return true;
        }
        if (session.acctSessionId().toLowerCase(Locale.ROOT).equals(lower)) {
            return true;
        }
        if (session.framedIp() != null
                && IpAddress.isLiteral(term)
                && session.framedIp().equals(IpAddress.parse(term))) {
            return true;
        }
        try {
            return term.length() == 36 && session.id().value().equals(UUID.fromString(term));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public synchronized ActiveSessionCounts countActive(TenantId tenant) {
        checkAvailable();
        List<Session> active = sessions.values().stream()
                .filter(s -> s.tenant().equals(tenant) && s.isActive())
                .toList();
        Map<NasId, Long> byNas = new HashMap<>();
        active.forEach(s -> byNas.merge(s.nasId(), 1L, Long::sum));
        return new ActiveSessionCounts(
                active.size(),
                active.stream()
                        .filter(s -> s.connectionType() == ConnectionType.PPPOE)
                        .count(),
                active.stream()
                        .filter(s -> s.connectionType() == ConnectionType.HOTSPOT)
                        .count(),
                byNas);
    }

    @Override
    public synchronized List<Long> countStartedSince(TenantId tenant, List<Instant> since) {
        checkAvailable();
        List<Long> counts = new ArrayList<>();
        for (Instant from : since) {
            counts.add(sessions.values().stream()
                    .filter(s -> s.tenant().equals(tenant) && !s.startTime().isBefore(from))
                    .count());
        }
        return counts;
    }

    @Override
    public synchronized Optional<Session> close(TenantId tenant, SessionId id, Instant stop, TerminateCause cause) {
        checkAvailable();
        Session session = sessions.get(id);
        if (session == null || !session.tenant().equals(tenant) || !session.isActive()) {
            return Optional.empty();
        }
        Session closed = session.closed(stop, cause);
        sessions.put(id, closed);
        return Optional.of(closed);
    }

    @Override
    public synchronized int closeOpenOfNas(
            NasId nasId, Instant startedAtOrBefore, Instant stop, TerminateCause cause, int limit) {
        checkAvailable();
        List<Session> victims = sessions.values().stream()
                .filter(s -> s.isActive()
                        && s.nasId().equals(nasId)
                        && !s.startTime().isAfter(startedAtOrBefore))
                .limit(limit)
                .toList();
        victims.forEach(s -> sessions.put(s.id(), s.closed(stop, cause)));
        events.append(victims.stream()
                .map(s -> new SessionEvent(s.tenant(), s.id(), stop, new SessionEvent.NasRebooted()))
                .toList());
        return victims.size();
    }

    @Override
    public synchronized void recordNasRestart(TenantId tenant, NasId nasId, boolean accountingOn, Instant at) {
        checkAvailable();
        (accountingOn ? accountingOns : accountingOffs).merge(nasId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** The last Accounting-On ({@code accountingOn}) or -Off recorded for the NAS, or null. */
    public synchronized Instant lastNasRestart(NasId nasId, boolean accountingOn) {
        return (accountingOn ? accountingOns : accountingOffs).get(nasId);
    }

    @Override
    public synchronized int closeStale(TenantId tenant, Instant cutoff, Instant closedAt, int limit) {
        checkAvailable();
        List<Session> victims = sessions.values().stream()
                .filter(s -> s.isActive()
                        && (tenant == null || s.tenant().equals(tenant))
                        && s.lastUpdate().isBefore(cutoff))
                .limit(limit)
                .toList();
        victims.forEach(s -> sessions.put(s.id(), s.closed(s.lastUpdate(), TerminateCause.STALE_SESSION_CLEANUP)));
        events.append(victims.stream()
                .map(s -> new SessionEvent(s.tenant(), s.id(), closedAt, new SessionEvent.ClosedAsStale()))
                .toList());
        return victims.size();
    }
}
