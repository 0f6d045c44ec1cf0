package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.BandwidthInterval;
import io.sessionkeeper.domain.model.ConcurrencyTotals;
import io.sessionkeeper.domain.model.DeviceSession;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasPulse;
import io.sessionkeeper.domain.model.QuarterHours;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsageBucket;
import io.sessionkeeper.domain.model.UsageRanking;
import io.sessionkeeper.domain.model.UsageSample;
import io.sessionkeeper.domain.model.UsageSeries;
import io.sessionkeeper.domain.model.UserUsage;
import io.sessionkeeper.domain.port.out.SessionAnalytics;
import io.sessionkeeper.domain.service.BandwidthSeriesBuilder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Analytics over the in-memory session repository, computed from the sessions at each call (what PostgreSQL keeps
 * in roll-ups): open sessions count up to the clock's now. The NAS's last accounting and packets per minute are
 * set by the test ({@link #heard}, {@link #packets}) where the service's accounting path writes them; its last
 * Accounting-On/Off come from the repository ({@link InMemorySessionRepository#recordNasRestart}).
 */
public final class InMemorySessionAnalytics implements SessionAnalytics {
    private final InMemorySessionRepository sessions;
    private final Clock clock;
    private final Map<NasId, Instant> heard = new ConcurrentHashMap<>();
    private final Map<NasId, Map<Instant, Long>> minutes = new ConcurrentHashMap<>();

    public InMemorySessionAnalytics(InMemorySessionRepository sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    public void heard(NasId nas, Instant at) {
        heard.put(nas, at);
    }

    /** {@code count} more packets of the NAS in the minute starting at {@code minute}. */
    public void packets(NasId nas, Instant minute, long count) {
        minutes.computeIfAbsent(nas, n -> new ConcurrentHashMap<>()).merge(minute, count, Long::sum);
    }

    @Override
    public ConcurrencyTotals concurrency(TenantId tenant, NasId nasId, Instant from, Instant to) {
        Instant now = clock.instant();
        int quarters = (int) Math.max(0, (to.toEpochMilli() - from.toEpochMilli()) / QuarterHours.QUARTER_MILLIS);
        long[] millis = new long[quarters];
        long base = from.toEpochMilli();
        for (Session s : sessions.all()) {
            if (!s.tenant().equals(tenant) || (nasId != null && !s.nasId().equals(nasId))) {
                continue;
            }
            Instant end = s.stopTime() != null ? s.stopTime() : now;
            QuarterHours.spread(s.startTime().toEpochMilli(), end.toEpochMilli(), 1, (quarter, ms) -> {
                long index = (quarter - base) / QuarterHours.QUARTER_MILLIS;
                if (quarter >= base && index < quarters) {
                    millis[(int) index] += ms;
                }
            });
        }
        return new ConcurrencyTotals(from, millis, now);
    }

    @Override
    public List<String> multiDeviceCandidates(TenantId tenant, Instant windowStart, int minMacs, int maxUsers) {
        List<String> users = new ArrayList<>();
        for (Map.Entry<String, List<Session>> e : byUser(tenant).entrySet()) {
            List<Session> all = e.getValue();
            long open = all.stream().filter(Session::isActive).count();
            Set<Object> macs = new HashSet<>();
            all.stream()
                    .filter(s -> !s.startTime().isBefore(windowStart)
                            && s.macAddress() != null
                            && !DeviceSession.isRandomized(s.macAddress()))
                    .forEach(s -> macs.add(s.macAddress()));
            if ((open >= 2 || macs.size() >= minMacs) && users.size() < maxUsers) {
                users.add(e.getKey());
            }
        }
        return users;
    }

    @Override
    public List<DeviceSession> deviceSessions(
            TenantId tenant, List<String> usernames, Instant windowStart, int maxSessionsPerUser) {
        Map<String, List<Session>> byUser = byUser(tenant);
        List<DeviceSession> out = new ArrayList<>();
        for (String user : usernames) {
            byUser.getOrDefault(user, List.of()).stream()
                    .filter(s -> s.isActive() || !s.startTime().isBefore(windowStart))
                    .sorted(Comparator.comparing(Session::startTime).reversed())
                    .limit(maxSessionsPerUser)
                    .map(DeviceSession::of)
                    .forEach(out::add);
        }
        return out;
    }

    private Map<String, List<Session>> byUser(TenantId tenant) {
        return sessions.all().stream()
                .filter(s -> s.tenant().equals(tenant))
                .collect(Collectors.groupingBy(Session::username, TreeMap::new, Collectors.toList()));
    }

    @Override
    public List<NasPulse> nasPulses(TenantId tenant, List<NasId> nasIds, Instant fromMinute, Instant toMinute) {
        List<NasPulse> out = new ArrayList<>();
        for (NasId nas : nasIds) {
            Map<Instant, Long> counted = new HashMap<>();
            minutes.getOrDefault(nas, Map.of()).forEach((minute, count) -> {
                if (!minute.isBefore(fromMinute) && minute.isBefore(toMinute)) {
                    counted.put(minute, count);
                }
            });
            out.add(new NasPulse(
                    nas,
                    heard.get(nas),
                    sessions.lastNasRestart(nas, true),
                    sessions.lastNasRestart(nas, false),
                    counted));
        }
        return out;
    }

    /**
     * Each session's traffic in the window from its samples by the series' rule at 15 minutes (what the usage
     * roll-ups hold per quarter), counted up to the last whole hour of {@code to} (the roll-ups' best).
     */
    @Override
    public UsageRanking topUsers(TenantId tenant, Instant from, Instant to, int limit) {
        Instant quarter = BandwidthInterval.FIFTEEN_MINUTES.floor(to);
        Instant until = quarter.isBefore(from) ? from : quarter;
        Instant now = clock.instant();
        Map<String, long[]> sums = new HashMap<>();
        for (Session s : sessions.all()) {
            boolean up = s.startTime().isBefore(until)
                    && (s.stopTime() == null || s.stopTime().isAfter(from));
            if (!s.tenant().equals(tenant) || !up) {
                continue;
            }
            long[] sum = sums.computeIfAbsent(s.username(), u -> new long[3]);
            sum[2]++;
            List<UsageSample> samples = samples(tenant, s, from, until);
            if (samples.isEmpty()) {
                continue;
            }
            UsageSeries series = BandwidthSeriesBuilder.build(
                    samples,
                    BandwidthInterval.FIFTEEN_MINUTES,
                    from,
                    until,
                    s.stopTime() != null ? s.stopTime() : now,
                    null);
            for (UsageBucket bucket : series.buckets()) {
                sum[0] += bucket.downloadOctets();
                sum[1] += bucket.uploadOctets();
            }
        }
        List<UserUsage> users = sums.entrySet().stream()
                .map(e -> new UserUsage(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]))
                .filter(u -> u.totalBytes() > 0)
                .sorted(Comparator.comparingLong(UserUsage::totalBytes)
                        .reversed()
                        .thenComparing(UserUsage::username))
                .limit(limit)
                .toList();
        return new UsageRanking(until, users);
    }

    /** The session's samples in the window with the last one before it and the first one after it. */
    private List<UsageSample> samples(TenantId tenant, Session session, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return List.of();
        }
        List<UsageSample> all = sessions.samplesOf(tenant, session.id());
        List<UsageSample> covering = new ArrayList<>();
        UsageSample before = null;
        for (UsageSample sample : all) {
            if (sample.at().isBefore(from)) {
                before = sample;
            } else if (sample.at().isBefore(to)) {
                covering.add(sample);
            } else {
                covering.add(sample);
                break;
            }
        }
        if (before != null) {
            covering.add(0, before);
        }
        return covering;
    }
}
