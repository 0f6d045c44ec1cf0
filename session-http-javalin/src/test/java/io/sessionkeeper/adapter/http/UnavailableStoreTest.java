package io.sessionkeeper.adapter.http;

import static io.sessionkeeper.adapter.http.ApiHarness.ACME;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.StoreUnavailableException;
import io.sessionkeeper.domain.port.in.AuthenticateUseCase;
import io.sessionkeeper.domain.port.in.ListSessionsUseCase;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A store that cannot serve now is 503 with Retry-After and the error shape: a reason to come back, not a fault. */
class UnavailableStoreTest {
    private static final StoreUnavailableException UNAVAILABLE = new StoreUnavailableException(
            "database unavailable: SQLSTATE 08001: Connection to db.internal:5432 refused",
            new IllegalStateException("connection refused"));

    @Test
    void aStoreThatCannotServeIs503WithRetryAfterAndNoInternals() {
        try (ApiHarness h = new ApiHarness(ApiHarness.Options.defaults().ports(listing(query -> {
            throw UNAVAILABLE;
        })))) {
            var response = h.get("/api/sessions", h.token(ACME));

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("5");
            assertThat(response.errorCode()).isEqualTo("service_unavailable");
            assertThat(response.header("Content-Type")).startsWith("application/json");
            assertThat(response.body()).doesNotContain("db.internal", "08001", "refused", "correlationId");
        }
    }

    @Test
    void aTokenStoreThatCannotServeIs503NotA401AndNoFailedAuthentication() {
        AuthenticateUseCase unavailable = secret -> {
            throw UNAVAILABLE;
        };
        try (ApiHarness h = new ApiHarness(ApiHarness.Options.defaults()
                .config(c -> c.withAuthFailuresPerMinute(1))
                .ports(p -> ReplacedPort.authenticate(p, unavailable)))) {
            for (int i = 0; i < 3; i++) {
                var response = h.get("/api/nas", "sk_whatever");
                assertThat(response.status()).as("attempt %d", i).isEqualTo(503);
                assertThat(response.header("WWW-Authenticate")).isNull();
            }
        }
    }

    @Test
    void aFailingStoreOnTheInMemoryFakeIs503Too() {
        try (ApiHarness h = new ApiHarness()) {
            String token = h.token(ACME);
            h.failStore(UNAVAILABLE);

            var response = h.get("/api/sessions/stats", token);

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("5");
        }
    }

    private static UnaryOperator<DrivingPorts> listing(ListSessionsUseCase list) {
        return p -> ReplacedPort.listSessions(p, list);
    }
}
