package io.sessionkeeper.adapter.http;

import io.sessionkeeper.domain.model.InvalidValueException;

/**
 * Where the API listens and how much it lets a client do. {@code port} 0 binds an ephemeral port (tests);
 * {@code maxRequestBytes} bounds a request body; {@code authFailuresPerMinute} failed authentications of one client
 * address are allowed a minute (0: no limit); {@code trustedProxies} may name the client in X-Forwarded-For.
 */
public record HttpApiConfig(
        String bindHost,
        int port,
        RateLimitSettings rateLimits,
        long maxRequestBytes,
        int authFailuresPerMinute,
        TrustedProxies trustedProxies) {
    public static final long DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;
    public static final int DEFAULT_AUTH_FAILURES_PER_MINUTE = 20;

    public HttpApiConfig {
        InvalidValueException.require(bindHost != null && !bindHost.isBlank(), "httpBind", "must not be blank");
        InvalidValueException.require(port >= 0 && port <= 65535, "httpPort", "must be 0-65535");
        InvalidValueException.require(rateLimits != null, "rateLimits", "must not be null");
        InvalidValueException.require(
                maxRequestBytes >= 1024 && maxRequestBytes <= 16L * 1024 * 1024,
                "maxRequestBytes",
                "must be 1 KiB-16 MiB");
        InvalidValueException.require(
                authFailuresPerMinute >= 0 && authFailuresPerMinute <= 1_000_000,
                "authFailuresPerMinute",
                "must be 0-1000000");
        InvalidValueException.require(trustedProxies != null, "trustedProxies", "must not be null");
    }

    public static HttpApiConfig of(String bindHost, int port) {
        return new HttpApiConfig(
                bindHost,
                port,
                RateLimitSettings.DEFAULT,
                DEFAULT_MAX_REQUEST_BYTES,
                DEFAULT_AUTH_FAILURES_PER_MINUTE,
                TrustedProxies.NONE);
    }

    public HttpApiConfig withRateLimits(RateLimitSettings value) {
        return new HttpApiConfig(bindHost, port, value, maxRequestBytes, authFailuresPerMinute, trustedProxies);
    }

    public HttpApiConfig withAuthFailuresPerMinute(int value) {
        return new HttpApiConfig(bindHost, port, rateLimits, maxRequestBytes, value, trustedProxies);
    }

    public HttpApiConfig withTrustedProxies(TrustedProxies value) {
        return new HttpApiConfig(bindHost, port, rateLimits, maxRequestBytes, authFailuresPerMinute, value);
    }
}
