package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.AlertRule;
import io.sessionkeeper.domain.model.BandwidthInterval;
import io.sessionkeeper.domain.model.QualityStats;
import io.sessionkeeper.domain.model.QualityTally;
import io.sessionkeeper.domain.port.out.QualityStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The condition of QUALITY_DEGRADED rules, in one place. */
final class QualityConditions {
    private QualityConditions() {}

    /** Buckets before this instant are closed at {@code now}: nothing more is probed into them. */
    static Instant closedUntil(Instant now) {
        return BandwidthInterval.FIVE_MINUTES.floor(now);
    }

    static int longestRun(List<AlertRule> rules) {
        return rules.stream().mapToInt(r -> r.quality().buckets()).max().orElse(1);
    }

    /**
     * The observed value when the session's last {@code buckets} closed buckets before {@code closedUntil} each break
     * the rule (any source's p95 round trip above the threshold, or its loss above the rule's percentage), else
     * empty. A bucket without a measurement breaks the run: unknown is not degraded. The value is the highest p95
     * round trip of the run in whole milliseconds (rounded up), or -1 when no echo of the run was answered (loss
     * alone broke it).
     */
    static OptionalLong breach(AlertRule rule, List<QualityTally> measured, Instant closedUntil) {
        AlertRule.QualityCondition condition = rule.quality();
        double loss = condition.lossPercent() == null ? Double.POSITIVE_INFINITY : condition.lossPercent();
        Map<Instant, Boolean> degraded = new HashMap<>();
        double worst = -1;
        for (QualityTally tally : measured) {
            QualityStats stats = tally.stats();
            boolean bad = stats.worseThan(rule.threshold(), loss);
            degraded.merge(tally.start(), bad, Boolean::logicalOr);
            if (stats.rttP95Millis() != null) {
                // only the run's buckets count for the value
                Instant first = closedUntil.minus(QualityStore.BUCKET.multipliedBy(condition.buckets()));
                if (!tally.start().isBefore(first)) {
                    worst = Math.max(worst, stats.rttP95Millis());
                }
            }
        }
        for (int i = 1; i <= condition.buckets(); i++) {
            Instant start = closedUntil.minus(QualityStore.BUCKET.multipliedBy(i));
            if (!Boolean.TRUE.equals(degraded.get(start))) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(worst < 0 ? -1 : (long) Math.ceil(worst));
    }
}
