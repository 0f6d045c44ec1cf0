package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.QualityStats;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.port.out.QualityStore;
import io.sessionkeeper.domain.port.out.QualityStore.SessionBucket;
import io.sessionkeeper.domain.port.out.SessionEvents;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The quality line of a session's timeline, for every source of measurements alike: after a write, each bucket
 * touched is judged against the operator's thresholds, and where that changes the session's state (atomically in
 * the store, so that two writers record one crossing) a Quality Degraded or Quality Recovered event is recorded at
 * the bucket's start. A bucket with nothing known (no round trip, no echo count) changes nothing.
 */
final class QualityTimeline {
    private QualityTimeline() {}

    static int record(List<SessionBucket> touched, QualityPolicy policy, QualityStore store, SessionEvents events) {
        List<SessionBucket> ordered = new ArrayList<>(touched);
        ordered.sort(Comparator.comparing(b -> b.tally().start()));
        List<SessionEvent> crossings = new ArrayList<>();
        for (SessionBucket bucket : ordered) {
            QualityStats stats = bucket.tally().stats();
            if (stats.rttP95Millis() == null && stats.lossPercent() == null) {
                continue;
            }
            boolean degraded = stats.worseThan(policy.rttMillis(), policy.lossPercent());
            if (store.changeState(
                    bucket.tenant(), bucket.session(), bucket.tally().start(), degraded)) {
                crossings.add(new SessionEvent(
                        bucket.tenant(),
                        bucket.session(),
                        bucket.tally().start(),
                        new SessionEvent.QualityChanged(degraded, stats.rttP95Millis(), stats.lossPercent())));
            }
        }
        if (!crossings.isEmpty()) {
            events.append(crossings);
        }
        return crossings.size();
    }
}
