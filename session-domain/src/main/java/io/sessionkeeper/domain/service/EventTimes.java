package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.AccountingEvent;
import java.time.Duration;
import java.time.Instant;

/** When an accounting event happened, and when its session began, by RFC 2866/2869 and the policy's limits. */
final class EventTimes {
    private EventTimes() {}

    /**
     * Event-Timestamp when present and believable, otherwise arrival time minus Acct-Delay-Time; an absurd
     * delay is ignored.
     */
    static Instant eventTime(AccountingEvent event, AccountingPolicy policy) {
        Instant arrival = Instants.micros(event.receivedAt());
        Instant stamped = event.eventTimestamp();
        if (stamped != null
                && !stamped.isBefore(arrival.minus(policy.maxEventDelay()))
                && !stamped.isAfter(arrival.plus(policy.maxClockSkew()))) {
            return Instants.micros(stamped);
        }
        Duration delay = Duration.ofSeconds(event.delaySeconds());
        return delay.compareTo(policy.maxEventDelay()) > 0 ? arrival : arrival.minus(delay);
    }

    /** A Start begins its session; an Interim or Stop began it Acct-Session-Time before; null when unknown. */
    static Instant sessionStart(AccountingEvent event, Instant eventTime) {
        return switch (event.statusType()) {
            case START -> eventTime;
            case INTERIM_UPDATE, STOP ->
                event.sessionTime() == null ? null : eventTime.minusSeconds(event.sessionTime());
            default -> null;
        };
    }
}
