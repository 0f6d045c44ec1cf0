package io.sessionkeeper.adapter.http;

import static io.sessionkeeper.adapter.http.ApiHarness.ACME;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.Permission;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-token rate limits (Bucket4j): 429 with Retry-After, a smaller bucket for the expensive routes. */
class RateLimitTest {
    private ApiHarness h;

    @BeforeEach
    void start() {
        h = new ApiHarness(ApiHarness.Options.defaults().rateLimits(new RateLimitSettings(true, 10, 3)));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void expensiveRoutesRunOutFirstWith429AndRetryAfter() {
        String token = h.token(ACME);
        for (int i = 0; i < 3; i++) {
            assertThat(h.get("/api/sessions", token).status()).isEqualTo(200);
        }

        var limited = h.get("/api/sessions", token);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.errorCode()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 20L);
        assertThat(h.get("/api/sessions/stats", token).status()).isEqualTo(429);
        assertThat(h.get("/api/customers", token).status()).isEqualTo(429);
        assertThat(h.get("/api/nas", token).status())
                .as("cheap routes still pass")
                .isEqualTo(200);
    }

    @Test
    void everyApiRouteDrawsOnTheGeneralBucket() {
        String token = h.token(ACME);
        for (int i = 0; i < 10; i++) {
            assertThat(h.get("/api/nas", token).status()).isEqualTo(200);
        }
        var limited = h.get("/api/tokens", token);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 6L);
    }

    @Test
    void bucketsRefillWithTime() {
        String token = h.token(ACME);
        for (int i = 0; i < 3; i++) {
            h.get("/api/sessions", token);
        }
        assertThat(h.get("/api/sessions", token).status()).isEqualTo(429);

        h.clock.advance(Duration.ofSeconds(20));

        assertThat(h.get("/api/sessions", token).status()).isEqualTo(200);
    }

    @Test
    void limitsArePerToken() {
        String first = h.token(ACME);
        String second = h.token(ACME);
        for (int i = 0; i < 3; i++) {
            h.get("/api/sessions", first);
        }
        assertThat(h.get("/api/sessions", first).status()).isEqualTo(429);
        assertThat(h.get("/api/sessions", second).status()).isEqualTo(200);
    }

    @Test
    void refusedRequestsOfAnExpensiveRouteDoNotDrainTheGeneralBucket() {
        String token = h.token(ACME);
        for (int i = 0; i < 20; i++) {
            h.get("/api/sessions", token);
        }
        // 3 expensive requests passed, 17 were refused by the expensive bucket before touching the general one
        for (int i = 0; i < 7; i++) {
            assertThat(h.get("/api/nas", token).status()).isEqualTo(200);
        }
        assertThat(h.get("/api/nas", token).status()).isEqualTo(429);
    }

    @Test
    void publicRoutesAreNotLimited() {
        for (int i = 0; i < 15; i++) {
            assertThat(h.get("/health/live", null).status()).isEqualTo(200);
        }
    }

    @Test
    void rateLimitComesBeforeThePermissionCheck() {
        String weak = h.token(ACME, Permission.NAS_MANAGE);
        for (int i = 0; i < 3; i++) {
            assertThat(h.get("/api/sessions", weak).status()).isEqualTo(403);
        }
        assertThat(h.get("/api/sessions", weak).status()).isEqualTo(429);
    }
}
