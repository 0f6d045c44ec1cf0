package io.sessionkeeper.adapter.http;

import io.sessionkeeper.domain.model.InvalidValueException;

/**
 * Requests a token may make per minute: {@code perMinute} on every {@code /api} route, and in addition
 * {@code expensivePerMinute} on the expensive ones (listings and statistics). Each bucket starts full and refills
 * continuously, so a client that keeps within the average never waits. {@code enabled = false} turns limiting off.
 */
public record RateLimitSettings(boolean enabled, long perMinute, long expensivePerMinute) {
    public static final RateLimitSettings DEFAULT = new RateLimitSettings(true, 600, 120);
    public static final RateLimitSettings OFF = new RateLimitSettings(false, 1, 1);

    public RateLimitSettings {
        InvalidValueException.require(perMinute >= 1 && perMinute <= 1_000_000, "rateLimit", "must be 1-1000000");
        InvalidValueException.require(
                expensivePerMinute >= 1 && expensivePerMinute <= 1_000_000, "expensiveRateLimit", "must be 1-1000000");
    }
}
