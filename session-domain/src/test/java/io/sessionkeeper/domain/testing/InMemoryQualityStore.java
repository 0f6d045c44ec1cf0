package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.BandwidthInterval;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.QualityMeasurement;
import io.sessionkeeper.domain.model.QualitySource;
import io.sessionkeeper.domain.model.QualityTally;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.QualityStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link QualityStore} in memory, over the sessions of an {@link InMemorySessionRepository}; no hourly roll-ups. */
public final class InMemoryQualityStore implements QualityStore {
    private record Key(TenantId tenant, SessionId session, Instant start, QualitySource source) {}

    private record State(Instant bucket, boolean degraded) {}

    private final InMemorySessionRepository sessions;
    private final Map<Key, QualityTally> buckets = new LinkedHashMap<>();
    private final Map<String, State> states = new HashMap<>();

    public InMemoryQualityStore(InMemorySessionRepository sessions) {
        this.sessions = sessions;
    }

    @Override
    public synchronized List<SessionBucket> add(Collection<QualityMeasurement> measurements) {
        Map<Key, QualityTally> touched = new LinkedHashMap<>();
        for (QualityMeasurement m : measurements) {
            Instant start = BandwidthInterval.FIVE_MINUTES.floor(m.at());
            Key key = new Key(m.tenant(), m.session(), start, m.source());
            QualityTally merged = buckets.merge(key, QualityTally.of(m, start), (a, b) -> a.plus(b, start));
            touched.put(key, merged);
        }
        List<SessionBucket> result = new ArrayList<>();
        touched.forEach((k, t) -> result.add(new SessionBucket(k.tenant(), k.session(), t)));
        return result;
    }

    @Override
    public synchronized List<QualityTally> buckets(TenantId tenant, SessionId session, Instant from, Instant to) {
        return buckets.entrySet().stream()
                .filter(e -> e.getKey().tenant().equals(tenant)
                        && e.getKey().session().equals(session)
                        && !e.getKey().start().isBefore(from)
                        && e.getKey().start().isBefore(to))
                .map(Map.Entry::getValue)
                .sorted(Comparator.comparing(QualityTally::start).thenComparing(QualityTally::source))
                .toList();
    }

    @Override
    public List<QualityTally> hours(TenantId tenant, SessionId session, Instant from, Instant to) {
        return List.of();
    }

    @Override
    public synchronized Map<SessionId, List<QualityTally>> recent(TenantId tenant, Instant from, Instant to) {
        Map<SessionId, List<QualityTally>> result = new LinkedHashMap<>();
        buckets.forEach((k, t) -> {
            if (k.tenant().equals(tenant)
                    && !k.start().isBefore(from)
                    && k.start().isBefore(to)) {
                result.computeIfAbsent(k.session(), s -> new ArrayList<>()).add(t);
            }
        });
        return result;
    }

    @Override
    public synchronized boolean changeState(TenantId tenant, SessionId session, Instant bucket, boolean degraded) {
        String key = tenant + "/" + session;
        State current = states.get(key);
        if (current != null && current.bucket().isAfter(bucket)) {
            return false;
        }
        states.put(key, new State(bucket, degraded));
        return (current == null ? false : current.degraded()) != degraded;
    }

    @Override
    public Map<IpAddress, SessionId> openByAddress(TenantId tenant, Collection<IpAddress> addresses) {
        Map<IpAddress, SessionId> result = new HashMap<>();
        for (Session s : newestFirst(tenant)) {
            if (s.framedIp() != null && addresses.contains(s.framedIp())) {
                result.putIfAbsent(s.framedIp(), s.id());
            }
        }
        return result;
    }

    @Override
    public Map<String, SessionId> openByUsername(TenantId tenant, Collection<String> usernames) {
        Map<String, SessionId> result = new HashMap<>();
        for (Session s : newestFirst(tenant)) {
            if (usernames.contains(s.username())) {
                result.putIfAbsent(s.username(), s.id());
            }
        }
        return result;
    }

    private List<Session> newestFirst(TenantId tenant) {
        return sessions.all().stream()
                .filter(s -> s.tenant().equals(tenant) && s.isActive())
                .sorted(Comparator.comparing(Session::startTime).reversed())
                .toList();
    }

    @Override
    public List<ProbeTarget> probeTargets(ProbeTarget after, int limit) {
        TreeMap<String, ProbeTarget> ordered = new TreeMap<>();
        for (Session s : sessions.all()) {
            if (s.isActive() && s.framedIp() != null) {
                ordered.put(order(s.tenant(), s.id()), new ProbeTarget(s.tenant(), s.id(), s.framedIp()));
            }
        }
        var tail = after == null ? ordered : ordered.tailMap(order(after.tenant(), after.session()), false);
        return tail.values().stream().limit(limit).toList();
    }

    private static String order(TenantId tenant, SessionId session) {
        return tenant + "/" + session;
    }
}
