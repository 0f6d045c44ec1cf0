package io.sessionkeeper.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Multi-device detection: a user whose account is used by several devices at once, or by many devices in a day.
 * Built on the one definition of multi-session ({@link ConcurrentSessions}: open, live, accounting seen within the
 * stale threshold, and concurrent), with refinements that keep ordinary customers out:
 *
 * <ul>
 *   <li>Two live sessions are <b>concurrent</b> only when each had accounting while the other was up: the later
 *       start is before the earlier last accounting. A redial whose old session lost its Stop (the old one went
 *       quiet when the new one began) is a redial in sequence, whatever its MAC, and no finding.
 *   <li>Concurrent sessions are a finding when their MACs differ ({@link Reason#CONCURRENT_SESSIONS_DIFFERENT_MAC})
 *       or their NAS differ ({@link Reason#CONCURRENT_SESSIONS_DIFFERENT_NAS}); the same MAC on the same NAS is one
 *       device.
 *   <li>{@link Reason#MANY_MACS}: at least {@code minMacs} distinct MACs in the window that are not locally
 *       administered; randomised MACs ({@link DeviceSession#isRandomized}) are counted apart ({@code
 *       randomizedMacs}), never towards it.
 * </ul>
 *
 * Score: 50 for different MACs at once, 30 for different NAS at once, 20 for many MACs plus 5 for each MAC beyond
 * {@code minMacs}, at most 100.
 */
public final class MultiDeviceRule {
    public static final int MAX_EVIDENCE = 50;

    /** Why a user is listed. */
    public enum Reason {
        CONCURRENT_SESSIONS_DIFFERENT_MAC,
        CONCURRENT_SESSIONS_DIFFERENT_NAS,
        MANY_MACS
    }

    /**
     * A user found: the live sessions it has now ({@code activeSessions}), the evidence (sessions, their IPs, MACs
     * and NAS), the reasons and the score.
     */
    public record Finding(
            String username,
            int activeSessions,
            List<IpAddress> ips,
            List<MacAddress> macs,
            List<NasId> nasIds,
            int score,
            Set<Reason> reasons,
            int randomizedMacs,
            List<DeviceSession> sessions) {
        public Finding {
            InvalidValueException.require(username != null, "username", "must not be null");
            ips = List.copyOf(ips);
            macs = List.copyOf(macs);
            nasIds = List.copyOf(nasIds);
            reasons = Set.copyOf(reasons);
            sessions = List.copyOf(sessions);
        }

        /**
         * A finding whose IPs, MACs and NAS are those of its evidence ({@code sessions}), each once, in the order the
         * sessions give.
         */
        public static Finding of(
                String username,
                int activeSessions,
                int score,
                Set<Reason> reasons,
                int randomizedMacs,
                List<DeviceSession> sessions) {
            Set<IpAddress> ips = new LinkedHashSet<>();
            Set<MacAddress> macs = new LinkedHashSet<>();
            Set<NasId> nas = new LinkedHashSet<>();
            for (DeviceSession s : sessions) {
                if (s.ip() != null) {
                    ips.add(s.ip());
                }
                if (s.mac() != null) {
                    macs.add(s.mac());
                }
                nas.add(s.nasId());
            }
            return new Finding(
                    username,
                    activeSessions,
                    new ArrayList<>(ips),
                    new ArrayList<>(macs),
                    new ArrayList<>(nas),
                    score,
                    reasons,
                    randomizedMacs,
                    sessions);
        }
    }

    private final ConcurrentSessions live;
    private final int minMacs;

    /**
     * @param staleAfter the service's stale threshold (a session without accounting for longer is not live)
     * @param minMacs distinct universally administered MACs in the window that make a finding (2 or more)
     */
    public MultiDeviceRule(Duration staleAfter, int minMacs) {
        InvalidValueException.require(minMacs >= 2, "minMacs", "must be at least 2");
        this.live = new ConcurrentSessions(staleAfter);
        this.minMacs = minMacs;
    }

    /**
     * Judges one user's sessions: its open ones and those that ran in {@code [windowStart, now]}.
     *
     * @return the finding, or empty when the user is no finding
     */
    public Optional<Finding> judge(String username, List<DeviceSession> sessions, Instant windowStart, Instant now) {
        List<DeviceSession> liveOnes = sessions.stream()
                .filter(s -> live.isLive(s.stopTime(), s.lastUpdate(), now))
                .sorted(Comparator.comparing(DeviceSession::startTime))
                .toList();
        Set<Reason> reasons = EnumSet.noneOf(Reason.class);
        Set<DeviceSession> evidence = new LinkedHashSet<>();
        for (int i = 0; i < liveOnes.size(); i++) {
            for (int j = i + 1; j < liveOnes.size(); j++) {
                DeviceSession a = liveOnes.get(i);
                DeviceSession b = liveOnes.get(j);
                if (!concurrent(a, b)) {
                    continue;
                }
                boolean otherMac =
                        a.mac() != null && b.mac() != null && !a.mac().equals(b.mac());
                boolean otherNas = !a.nasId().equals(b.nasId());
                if (otherMac) {
                    reasons.add(Reason.CONCURRENT_SESSIONS_DIFFERENT_MAC);
                }
                if (otherNas) {
                    reasons.add(Reason.CONCURRENT_SESSIONS_DIFFERENT_NAS);
                }
                if (otherMac || otherNas) {
                    evidence.add(a);
                    evidence.add(b);
                }
            }
        }
        List<DeviceSession> inWindow = sessions.stream()
                .filter(s -> s.startTime().isBefore(now)
                        && (s.stopTime() == null || !s.stopTime().isBefore(windowStart)))
                .sorted(Comparator.comparing(DeviceSession::startTime))
                .toList();
        Set<MacAddress> universal = new LinkedHashSet<>();
        Set<MacAddress> randomized = new LinkedHashSet<>();
        for (DeviceSession s : inWindow) {
            if (s.mac() != null) {
                (DeviceSession.isRandomized(s.mac()) ? randomized : universal).add(s.mac());
            }
        }
        if (universal.size() >= minMacs) {
            reasons.add(Reason.MANY_MACS);
            for (DeviceSession s : inWindow) {
                if (s.mac() != null && !DeviceSession.isRandomized(s.mac())) {
                    evidence.add(s);
                }
            }
        }
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        int score = 0;
        if (reasons.contains(Reason.CONCURRENT_SESSIONS_DIFFERENT_MAC)) {
            score += 50;
        }
        if (reasons.contains(Reason.CONCURRENT_SESSIONS_DIFFERENT_NAS)) {
            score += 30;
        }
        if (reasons.contains(Reason.MANY_MACS)) {
            score += 20 + 5 * (universal.size() - minMacs);
        }
        List<DeviceSession> shown = evidence.stream()
                .sorted(Comparator.comparing(DeviceSession::startTime).thenComparing(s -> s.id().value()))
                .limit(MAX_EVIDENCE)
                .toList();
        return Optional.of(
                Finding.of(username, liveOnes.size(), Math.min(100, score), reasons, randomized.size(), shown));
    }

    /** Each had accounting while the other was up: the later start comes before the earlier last accounting. */
    static boolean concurrent(DeviceSession a, DeviceSession b) {
        return ConcurrentSessions.concurrent(a.startTime(), a.lastUpdate(), b.startTime(), b.lastUpdate());
    }
}
