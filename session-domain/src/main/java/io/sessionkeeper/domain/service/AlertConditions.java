package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.AlertRule;
import io.sessionkeeper.domain.model.AlertRuleType;
import io.sessionkeeper.domain.model.SessionFacts;
import io.sessionkeeper.domain.model.UsagePeriod;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * The conditions of the rules that one session decides, in one place: the prompt path, the sweep and the preview
 * all ask here.
 */
final class AlertConditions {
    private AlertConditions() {}

    /** Whether the rule's condition is decided by one session alone. */
    static boolean isPerSession(AlertRule rule) {
        return rule.type() == AlertRuleType.LONG_SESSION
                || rule.type() == AlertRuleType.STALE_SESSION
                || (rule.type() == AlertRuleType.HIGH_USAGE && rule.period() == UsagePeriod.SESSION);
    }

    /**
     * The observed value when the open session breaks the rule at {@code now} (confirmed seconds, bytes, seconds
     * without accounting), else empty.
     *
     * <ul>
     *   <li>LONG_SESSION: its accounting shows it lasting longer than the threshold ({@link
     *       SessionFacts#confirmedSeconds}: from the start to the last accounting, never to now);
     *   <li>HIGH_USAGE per session: download + upload above the threshold;
     *   <li>STALE_SESSION: no accounting for longer than the threshold.
     * </ul>
     */
    static OptionalLong breach(AlertRule rule, SessionFacts session, Instant now) {
        if (!session.isActive()) {
            return OptionalLong.empty();
        }
        long value =
                switch (rule.type()) {
                    case LONG_SESSION -> session.confirmedSeconds();
                    case HIGH_USAGE -> rule.period() == UsagePeriod.SESSION ? session.totalOctets() : -1;
                    case STALE_SESSION -> session.quietSeconds(now);
                    default -> -1;
                };
        return value > rule.threshold() ? OptionalLong.of(value) : OptionalLong.empty();
    }
}
