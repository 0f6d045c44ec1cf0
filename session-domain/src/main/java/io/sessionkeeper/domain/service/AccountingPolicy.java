package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.InvalidValueException;
import java.time.Duration;

/**
 * Tunables of accounting.
 *
 * @param maxEventDelay an Acct-Delay-Time or an Event-Timestamp further in the past than this is absurd and
 *     ignored (arrival time is used instead)
 * @param maxClockSkew an Event-Timestamp this far in the future is still believed (NAS clocks drift)
 * @param sessionIdReuseGap an event whose session began more than this after the last accounting of the known
 *     session with the same key belongs to a new session (the NAS reused the Acct-Session-Id after a restart)
 * @param nasCloseBatchSize Accounting-On/Off closes a NAS's sessions in transactions of at most this many
 */
public record AccountingPolicy(
        Duration maxEventDelay, Duration maxClockSkew, Duration sessionIdReuseGap, int nasCloseBatchSize) {
    public static final AccountingPolicy DEFAULT =
            new AccountingPolicy(Duration.ofHours(24), Duration.ofMinutes(5), Duration.ofSeconds(60), 5_000);

    public AccountingPolicy {
        InvalidValueException.require(
                maxEventDelay != null && !maxEventDelay.isNegative(), "maxEventDelay", "must be zero or more");
        InvalidValueException.require(
                maxClockSkew != null && !maxClockSkew.isNegative(), "maxClockSkew", "must be zero or more");
        InvalidValueException.require(
                sessionIdReuseGap != null && !sessionIdReuseGap.isNegative(),
                "sessionIdReuseGap",
                "must be zero or more");
        InvalidValueException.require(nasCloseBatchSize > 0, "nasCloseBatchSize", "must be positive");
    }
}
