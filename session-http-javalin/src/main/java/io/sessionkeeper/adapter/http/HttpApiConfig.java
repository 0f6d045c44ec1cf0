package io.sessionkeeper.adapter.http;

import io.sessionkeeper.domain.model.InvalidValueException;

/**
 * Where the API listens and how much it lets a token do. {@code port} 0 binds an ephemeral port (tests);
 * {@code maxRequestBytes} bounds a request body.
 */
public record HttpApiConfig(String bindHost, int port, RateLimitSettings rateLimits, long maxRequestBytes) {
    public static final long DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;

    public HttpApiConfig {
        InvalidValueException.require(bindHost != null && !bindHost.isBlank(), "httpBind", "must not be blank");
        InvalidValueException.require(port >= 0 && port <= 65535, "httpPort", "must be 0-65535");
        InvalidValueException.require(rateLimits != null, "rateLimits", "must not be null");
        InvalidValueException.require(
                maxRequestBytes >= 1024 && maxRequestBytes <= 16L * 1024 * 1024,
                "maxRequestBytes",
                "must be 1 KiB-16 MiB");
    }

    public static HttpApiConfig of(String bindHost, int port) {
        return new HttpApiConfig(bindHost, port, RateLimitSettings.DEFAULT, DEFAULT_MAX_REQUEST_BYTES);
    }

    public HttpApiConfig withRateLimits(RateLimitSettings value) {
        return new HttpApiConfig(bindHost, port, value, maxRequestBytes);
    }
}
