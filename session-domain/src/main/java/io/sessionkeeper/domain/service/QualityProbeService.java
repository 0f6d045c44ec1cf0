package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.IpRange;
import io.sessionkeeper.domain.model.QualityMeasurement;
import io.sessionkeeper.domain.model.QualitySource;
import io.sessionkeeper.domain.port.in.ProbeQualityUseCase;
import io.sessionkeeper.domain.port.out.EchoProber;
import io.sessionkeeper.domain.port.out.QualityStore;
import io.sessionkeeper.domain.port.out.QualityStore.ProbeTarget;
import io.sessionkeeper.domain.port.out.SessionEvents;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The active prober's round: the open sessions with a framed address inside the subscriber ranges, as many as the
 * prober's rate allows in a 5-minute round (the rest first in the next round: the walk over the sessions continues
 * where it stopped), each probed with a few echoes, the answers stored as one measurement per session in its
 * current 5-minute bucket. An address outside the ranges is never handed to the prober. One round at a time; the
 * caller keeps it to one instance (an advisory lock).
 */
@Singleton
public final class QualityProbeService implements ProbeQualityUseCase {
    /** Sessions read per statement. */
    static final int CHUNK = 5_000;

    /** The time a round may take: the length of a bucket, so that every session can be probed once in each. */
    static final long ROUND_SECONDS = QualityStore.BUCKET.toSeconds();

    private final QualityStore store;
    private final EchoProber prober;
    private final SessionEvents events;
    private final QualityPolicy policy;
    private final Clock clock;

    /** Where the walk over the open sessions stopped (null: at the start). */
    private ProbeTarget cursor;

    @Inject
    public QualityProbeService(
            QualityStore store, EchoProber prober, SessionEvents events, QualityPolicy policy, Clock clock) {
        this.store = store;
        this.prober = prober;
        this.events = events;
        this.policy = policy;
        this.clock = clock;
    }

    /** Sessions one round probes at most: its echoes fit the prober's rate over a round. */
    int perRound() {
        long echoes = (long) prober.echoesPerSecond() * ROUND_SECONDS;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, echoes / Math.max(1, prober.echoesPerTarget())));
    }

    @Override
    public synchronized ProbeRound probeRound() {
        int budget = perRound();
        List<IpRange> ranges = prober.ranges();
        Map<IpAddress, List<ProbeTarget>> chosen = new LinkedHashMap<>();
        int seen = 0;
        int outside = 0;
        int deferred = 0;
        ProbeTarget after = cursor;
        boolean wrapped = cursor == null;
        ProbeTarget first = null;
        ProbeTarget lastChosen = null;
        walk:
        while (true) {
            List<ProbeTarget> chunk = store.probeTargets(after, CHUNK);
            for (ProbeTarget target : chunk) {
                if (target.equals(first)) {
                    break walk; // came round to where this round began
                }
                if (first == null) {
                    first = target;
                }
                seen++;
                if (ranges.stream().noneMatch(r -> r.contains(target.address()))) {
                    outside++;
                } else if (chosen.containsKey(target.address()) || chosen.size() < budget) {
                    chosen.computeIfAbsent(target.address(), a -> new ArrayList<>())
                            .add(target);
                    lastChosen = target;
                } else {
                    deferred++;
                }
                after = target;
            }
            if (chunk.size() < CHUNK) {
                if (wrapped) {
                    break;
                }
                wrapped = true;
                after = null;
            }
        }
        // the sessions left over come first in the next round
        cursor = deferred > 0 ? lastChosen : null;
        if (chosen.isEmpty()) {
            return new ProbeRound(seen, outside, 0, deferred);
        }
        Instant now = Instants.now(clock);
        List<QualityMeasurement> measurements = new ArrayList<>();
        for (var result : prober.probe(List.copyOf(chosen.keySet()))) {
            List<ProbeTarget> targets = chosen.get(result.target());
            if (targets == null || result.sent() == 0) {
                continue;
            }
            for (ProbeTarget target : targets) {
                measurements.add(new QualityMeasurement(
                        target.tenant(),
                        target.session(),
                        now,
                        QualitySource.PROBE,
                        result.rttMillis(),
                        new QualityMeasurement.Echoes(
                                result.sent(),
                                result.sent() - result.rttMillis().size())));
            }
        }
        if (!measurements.isEmpty()) {
            QualityTimeline.record(store.add(measurements), policy, store, events);
        }
        return new ProbeRound(seen, outside, chosen.size(), deferred);
    }
}
