package io.sessionkeeper.adapter.http;

import static io.sessionkeeper.adapter.http.ApiHarness.ACME;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.http.ReadinessCheck.Readiness;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Health, metrics and the request observer: what the app plugs in. */
class OperationsTest {

    @Test
    void liveIsAlways200() {
        try (ApiHarness h = new ApiHarness()) {
            h.readiness = Readiness.down("database unreachable");
            var response = h.get("/health/live", null);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("status").asText()).isEqualTo("up");
        }
    }

    @Test
    void readyFollowsTheReadinessCheck() {
        try (ApiHarness h = new ApiHarness()) {
            var up = h.get("/health/ready", null);
            assertThat(up.status()).isEqualTo(200);
            assertThat(up.json().get("status").asText()).isEqualTo("up");

            h.readiness = Readiness.down("database unreachable");
            var down = h.get("/health/ready", null);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().get("status").asText()).isEqualTo("down");
            assertThat(down.json().get("detail").asText()).isEqualTo("database unreachable");

            h.readiness = null;
            assertThat(h.get("/health/ready", null).status()).isEqualTo(503);
        }
    }

    @Test
    void aReadinessCheckThatThrowsMeansNotReady() {
        try (ApiHarness h = new ApiHarness()) {
            HttpApi api = new HttpApi(
                    HttpApiConfig.of("127.0.0.1", 0),
                    new DrivingPorts(
                            h.access,
                            h.queries,
                            h.queries,
                            h.queries,
                            h.cleanup,
                            h.terminate,
                            h.terminate,
                            h.nasAdmin,
                            h.customerAdmin,
                            h.access,
                            h.tenantAdmin,
                            h.history,
                            h.alerting,
                            h.qualityPorts,
                            h.analytics),
                    new HttpHooks(
                            () -> {
                                throw new IllegalStateException("pool closed");
                            },
                            null,
                            RequestObserver.NONE),
                    h.clock);
            int port = api.start();
            try {
                var response = h.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + port + "/health/ready"))
                        .build());
                assertThat(response.status()).isEqualTo(503);
                assertThat(response.json().get("status").asText()).isEqualTo("down");
            } finally {
                api.stop();
            }
        }
    }

    @Test
    void metricsAre404WithoutAScrapeAndPrometheusTextWithOne() {
        try (ApiHarness h = new ApiHarness()) {
            var absent = h.get("/metrics", null);
            assertThat(absent.status()).isEqualTo(404);
            assertThat(absent.errorCode()).isEqualTo("not_found");
        }
        try (ApiHarness h = new ApiHarness(ApiHarness.Options.defaults().metrics(() -> "# TYPE up gauge\nup 1\n"))) {
            var response = h.get("/metrics", null);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("text/plain; version=0.0.4");
            assertThat(response.body()).isEqualTo("# TYPE up gauge\nup 1\n");
        }
    }

    @Test
    void everyRequestIsObservedWithItsRoutePatternStatusAndTime() {
        try (ApiHarness h = new ApiHarness()) {
            String token = h.token(ACME);
            h.get("/api/sessions", token);
            h.get("/api/sessions/" + UUID.randomUUID(), token);
            h.get("/api/sessions", null);
            h.get("/api/nothing/" + UUID.randomUUID(), token);
            h.send("PATCH", "/api/sessions", token, null);
            h.get("/health/live", null);

            assertThat(h.observed).hasSize(6);
            assertThat(h.observed.get(0)).startsWith("GET /api/sessions 200 ");
            assertThat(h.observed.get(1)).startsWith("GET /api/sessions/{id} 404 ");
            assertThat(h.observed.get(2)).startsWith("GET /api/sessions 401 ");
            assertThat(h.observed.get(3)).startsWith("GET unmatched 404 ");
            assertThat(h.observed.get(4)).startsWith("PATCH unmatched 405 ");
            assertThat(h.observed.get(5)).startsWith("GET /health/live 200 ");
            assertThat(h.observed)
                    .allSatisfy(line -> assertThat(Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)))
                            .isPositive());
        }
    }

    @Test
    void aFailingObserverDoesNotBreakRequests() {
        try (ApiHarness h = new ApiHarness()) {
            HttpApi api = new HttpApi(
                    HttpApiConfig.of("127.0.0.1", 0),
                    new DrivingPorts(
                            h.access,
                            h.queries,
                            h.queries,
                            h.queries,
                            h.cleanup,
                            h.terminate,
                            h.terminate,
                            h.nasAdmin,
                            h.customerAdmin,
                            h.access,
                            h.tenantAdmin,
                            h.history,
                            h.alerting,
                            h.qualityPorts,
                            h.analytics),
                    new HttpHooks(ReadinessCheck.ALWAYS_READY, null, (m, r, s, n) -> {
                        throw new IllegalStateException("metrics registry closed");
                    }),
                    h.clock);
            int port = api.start();
            try {
                var response = h.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + port + "/health/live"))
                        .build());
                assertThat(response.status()).isEqualTo(200);
            } finally {
                api.stop();
            }
        }
    }

    @Test
    void apiResponsesAreNotCached() {
        try (ApiHarness h = new ApiHarness()) {
            var response = h.get("/api/sessions", h.token(ACME));
            assertThat(response.header("Cache-Control")).isEqualTo("no-store");
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
    }

    @Test
    void portZeroBindsAnEphemeralPortOnLoopback() {
        try (ApiHarness h = new ApiHarness()) {
            assertThat(h.port).isPositive();
        }
    }
}
