package io.sessionkeeper.adapter.http;

import static io.sessionkeeper.adapter.http.ApiHarness.ACME;
import static io.sessionkeeper.adapter.http.ApiHarness.GLOBEX;
import static io.sessionkeeper.adapter.http.ApiHarness.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/sessions/{id}/bandwidth, /api/customers/{username}/bandwidth, /api/nas/{id}/bandwidth over real HTTP. */
class BandwidthApiTest {
    private static final Instant START = NOW.minusSeconds(30 * 60);

    private ApiHarness h;
    private String reader;
    private Nas main;

    @BeforeEach
    void start() {
        h = new ApiHarness();
        reader = h.token(ACME, Permission.DASHBOARD_ACTIVE_SESSIONS);
        main = h.nas(ACME, "Main Router", "192.168.1.1");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /** Start at 13:30, interims at 13:35 and 13:40: 100 kbps down both times, 10 then 20 kbps up. */
    private Session tenMinutesOfTraffic(Nas nas, String username, String acctSessionId) {
        h.track(Fixtures.start(nas, username, acctSessionId, START));
        h.track(Fixtures.interim(nas, username, acctSessionId, START.plusSeconds(300), 300)
                .outputOctets(3_750_000, 0)
                .inputOctets(375_000, 0));
        h.track(Fixtures.interim(nas, username, acctSessionId, START.plusSeconds(600), 600)
                .outputOctets(7_500_000, 0)
                .inputOctets(1_125_000, 0));
        return h.session(nas, acctSessionId);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aSessionSeriesHasTheSpecShapeWithExactRatesAndRunsUpToNow() {
        Session session = tenMinutesOfTraffic(main, "alice", "A1");

        var response = h.get("/api/sessions/" + session.id() + "/bandwidth?interval=5m", reader);

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(names(body)).containsExactly("interval", "from", "to", "interimIntervalSeconds", "data");
        assertThat(body.get("interval").asText()).isEqualTo("5m");
        assertThat(body.get("to").asText()).isEqualTo("2026-01-04T14:00:00Z");
        JsonNode data = body.get("data");
        assertThat(data).hasSize(6);
        assertThat(names(data.get(0)))
                .containsExactly(
                        "timestamp",
                        "downloadKbps",
                        "uploadKbps",
                        "gap",
                        "counterReset",
                        "finerThanSamples",
                        "sessions",
                        "source");
        assertThat(data.get(0).get("timestamp").asText()).isEqualTo("2026-01-04T13:30:00Z");
        assertThat(data.get(0).get("downloadKbps").asDouble()).isEqualTo(100.0);
        assertThat(data.get(0).get("uploadKbps").asDouble()).isEqualTo(10.0);
        assertThat(data.get(1).get("uploadKbps").asDouble()).isEqualTo(20.0);
        assertThat(data.get(0).get("source").asText()).isEqualTo("samples");
        assertThat(data.get(0).get("sessions").isNull()).isTrue();
        // nothing since 13:40: more than twice the 5-minute interim interval is a gap, not zero
        assertThat(data.get(5).get("downloadKbps").isNull()).isTrue();
        assertThat(data.get(5).get("gap").asBoolean()).isTrue();
    }

    @Test
    void anotherTenantsSessionIsNotFoundAndNeverItsData() {
        Nas theirs = h.nas(GLOBEX, "Globex Router", "192.168.9.1");
        Session session = tenMinutesOfTraffic(theirs, "bob", "B1");

        var response = h.get("/api/sessions/" + session.id() + "/bandwidth", reader);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("downloadKbps");
        assertThat(h.get("/api/nas/" + theirs.id() + "/bandwidth", reader).status())
                .isEqualTo(404);
    }

    @Test
    void theRoutesNeedTheDashboardPermission() {
        Session session = tenMinutesOfTraffic(main, "alice", "A1");
        String other = h.tokenWithout(ACME, Permission.DASHBOARD_ACTIVE_SESSIONS);

        assertThat(h.get("/api/sessions/" + session.id() + "/bandwidth", other).status())
                .isEqualTo(403);
        assertThat(h.get("/api/customers/alice/bandwidth", other).status()).isEqualTo(403);
        assertThat(h.get("/api/nas/" + main.id() + "/bandwidth", other).status())
                .isEqualTo(403);
    }

    @Test
    void tooManyPointsAndHostileParametersAreFourHundredsNeverFiveHundreds() {
        Session session = tenMinutesOfTraffic(main, "alice", "A1");
        String base = "/api/sessions/" + session.id() + "/bandwidth";

        var tooMany = h.get(base + "?interval=1m&from=2025-12-01T00:00:00Z&to=2026-01-04T00:00:00Z", reader);
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.errorCode()).isEqualTo("invalid_value");
        assertThat(tooMany.body()).contains("at most 10000");

        for (String query : List.of(
                "?interval=2m",
                "?from=yesterday",
                "?from=2026-01-04T10:00:00.000000000%2B00:00:00", // a valid instant, longer than its maxLength (35)
                "?to=" + "2".repeat(41), // longer than any instant: once taken for absent
                "?from=2026-01-04T10:00:00",
                "?from=2026-01-04T12:00:00Z&to=2026-01-04T11:00:00Z",
                "?from=-999999999-01-01T00:00:00Z",
                "?to=+999999999-12-31T23:59:59Z",
                "?interval=5m&interval=1h",
                "?step=5m")) {
            assertThat(h.get(base + query, reader).status()).as(query).isEqualTo(400);
        }
    }

    @Test
    void withoutAnIntervalOneGivingAtMostAThousandPointsIsChosen() {
        Session session = tenMinutesOfTraffic(main, "alice", "A1");

        JsonNode body = h.get(
                        "/api/sessions/" + session.id()
                                + "/bandwidth?from=2025-12-28T14:00:00Z&to=2026-01-04T14:00:00Z",
                        reader)
                .json();

        assertThat(body.get("interval").asText()).isEqualTo("15m");
        assertThat(body.get("data")).hasSize(672);
    }

    @Test
    void aCustomerAndANasSeriesSumTheirSessions() {
        tenMinutesOfTraffic(main, "alice", "A1");
        tenMinutesOfTraffic(main, "alice", "A2");
        tenMinutesOfTraffic(main, "bob", "B1");
        String range = "?interval=5m&from=2026-01-04T13:30:00Z&to=2026-01-04T13:40:00Z";

        JsonNode customer =
                h.get("/api/customers/alice/bandwidth" + range, reader).json();
        JsonNode nas =
                h.get("/api/nas/" + main.id() + "/bandwidth" + range, reader).json();

        assertThat(customer.get("data")).hasSize(2);
        assertThat(customer.get("data").get(0).get("downloadKbps").asDouble()).isEqualTo(200.0);
        assertThat(customer.get("data").get(0).get("sessions").asInt()).isEqualTo(2);
        assertThat(customer.get("data").get(0).get("source").asText()).isEqualTo("samples");
        assertThat(nas.get("data").get(1).get("downloadKbps").asDouble()).isEqualTo(300.0);
        assertThat(nas.get("data").get(1).get("uploadKbps").asDouble()).isEqualTo(60.0);
        assertThat(nas.get("data").get(1).get("sessions").asInt()).isEqualTo(3);
    }

    @Test
    void aStaticLookingSegmentIsNotTakenForTheBandwidthRoute() {
        // /api/customers/bandwidth is the customer named "bandwidth" (customers:manage), not a series
        assertThat(h.get("/api/customers/bandwidth", reader).status()).isEqualTo(403);
        assertThat(h.get("/api/nas/bandwidth", reader).status()).isEqualTo(403);
    }
}
