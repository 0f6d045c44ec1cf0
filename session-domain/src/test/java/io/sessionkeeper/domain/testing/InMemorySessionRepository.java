package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.ConnectionType;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.SessionKey;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.port.out.ActiveSessionCounts;
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
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The repository in memory, with the same semantics as the PostgreSQL adapter (both pass
 * {@link SessionRepositoryContract}). One lock serialises writers; a failed unit of work leaves nothing behind.
 * {@link #failWith} makes every write throw, to play a database that went away.
 */
public final class InMemorySessionRepository implements SessionRepository {
    /** Newest start first, ties by id as PostgreSQL orders uuid (unsigned bytes = lower-case hex text). */
    public static final Comparator<Session> LISTING_ORDER = Comparator.comparing(Session::startTime)
            .thenComparing(s -> s.id().value().toString())
            .reversed();

    private final Map<SessionId, Session> sessions = new LinkedHashMap<>();
    private volatile RuntimeException failure;
    private int committedUnits;

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

    @Override
    public synchronized <T> T writeAtomically(Set<SessionKey> keys, Function<SessionWrites, T> work) {
        checkAvailable();
        Map<SessionId, Session> staged = new LinkedHashMap<>();
        T result = work.apply(new SessionWrites() {
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
        });
        checkAvailable();
        sessions.putAll(staged);
        committedUnits++;
        return result;
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
        return victims.size();
    }

    @Override
    public synchronized int closeStale(TenantId tenant, Instant cutoff, int limit) {
        checkAvailable();
        List<Session> victims = sessions.values().stream()
                .filter(s -> s.isActive()
                        && (tenant == null || s.tenant().equals(tenant))
                        && s.lastUpdate().isBefore(cutoff))
                .limit(limit)
                .toList();
        victims.forEach(s -> sessions.put(s.id(), s.closed(s.lastUpdate(), TerminateCause.STALE_SESSION_CLEANUP)));
        return victims.size();
    }
}
