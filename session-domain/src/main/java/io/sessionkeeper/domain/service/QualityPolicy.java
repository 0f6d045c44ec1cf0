package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.InvalidValueException;
import java.time.Duration;

/**
 * The operator's thresholds of quality: a 5-minute bucket whose p95 round trip is above {@code rttMillis} or whose
 * loss is above {@code lossPercent} is degraded, and a session's timeline shows when its buckets cross between
 * degraded and not. A pushed reading older than {@code acceptPast} is refused as stale (the hourly roll-up
 * recomputes the hours that may still change: ADR 0041).
 */
public record QualityPolicy(double rttMillis, double lossPercent, Duration acceptPast) {
    public static final QualityPolicy DEFAULT = new QualityPolicy(100, 5, Duration.ofHours(1));

    /** How far ahead of the service's clock a reading may be (clocks of measuring boxes drift). */
    public static final Duration ACCEPT_AHEAD = Duration.ofMinutes(5);

    public QualityPolicy {
        InvalidValueException.require(rttMillis > 0 && rttMillis <= 60_000, "rttMillis", "must be 1 to 60000");
        InvalidValueException.require(lossPercent >= 0 && lossPercent < 100, "lossPercent", "must be 0 to 99.99");
        InvalidValueException.require(
                acceptPast != null && !acceptPast.isNegative() && !acceptPast.isZero(),
                "acceptPast",
                "must be positive");
    }
}
