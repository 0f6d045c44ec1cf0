package io.sessionkeeper.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.model.InvalidValueException;
import org.junit.jupiter.api.Test;

/** The configuration records reject what cannot work, naming the setting. */
class ConfigTest {

    @Test
    void defaultsAreSensible() {
        HttpApiConfig config = HttpApiConfig.of("127.0.0.1", 8080);
        assertThat(config.rateLimits()).isEqualTo(RateLimitSettings.DEFAULT);
        assertThat(config.rateLimits().perMinute()).isEqualTo(600);
        assertThat(config.rateLimits().expensivePerMinute()).isEqualTo(120);
        assertThat(config.maxRequestBytes()).isEqualTo(64 * 1024);
        assertThat(config.authFailuresPerMinute()).isEqualTo(20);
        assertThat(config.trustedProxies().isEmpty()).isTrue();
    }

    @Test
    void invalidSettingsAreRejectedByName() {
        assertField(() -> HttpApiConfig.of("127.0.0.1", -1), "httpPort");
        assertField(() -> HttpApiConfig.of("127.0.0.1", 65536), "httpPort");
        assertField(() -> HttpApiConfig.of(" ", 80), "httpBind");
        HttpApiConfig valid = HttpApiConfig.of("127.0.0.1", 80);
        assertField(() -> valid.withRateLimits(null), "rateLimits");
        assertField(
                () -> new HttpApiConfig("127.0.0.1", 80, RateLimitSettings.DEFAULT, 10, 20, TrustedProxies.NONE),
                "maxRequestBytes");
        assertField(() -> valid.withAuthFailuresPerMinute(-1), "authFailuresPerMinute");
        assertField(() -> valid.withTrustedProxies(null), "trustedProxies");
        assertField(() -> new RateLimitSettings(true, 0, 10), "rateLimit");
        assertField(() -> new RateLimitSettings(true, 10, 0), "expensiveRateLimit");
        assertField(() -> new HttpHooks(null, null, RequestObserver.NONE), "readiness");
        assertField(() -> new HttpHooks(ReadinessCheck.ALWAYS_READY, null, null), "observer");
    }

    private static void assertField(Runnable creation, String field) {
        assertThatThrownBy(creation::run).isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field())
                .isEqualTo(field));
    }
}
