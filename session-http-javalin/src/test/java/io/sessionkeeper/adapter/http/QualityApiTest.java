package io.sessionkeeper.adapter.http;

import static io.sessionkeeper.adapter.http.ApiHarness.ACME;
import static io.sessionkeeper.adapter.http.ApiHarness.GLOBEX;
import static io.sessionkeeper.adapter.http.ApiHarness.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /api/quality and GET /api/sessions/{id}/quality over real HTTP. */
class QualityApiTest {
    private ApiHarness h;
    private String box;
    private String reader;
    private Nas main;
    private Session alice;

    @BeforeEach
    void start() {
        h = new ApiHarness();
        box = h.token(ACME, Permission.QUALITY_WRITE);
        reader = h.token(ACME, Permission.DASHBOARD_ACTIVE_SESSIONS);
        main = h.nas(ACME, "Main Router", "192.168.1.1");
        h.track(Fixtures.start(main, "alice", "A1", NOW.minusSeconds(3600)).framedIp(IpAddress.parse("100.64.0.10")));
        alice = h.session(main, "A1");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private ApiHarness.Response push(String token, String measurements) {
        return h.send("POST", "/api/quality", token, "{\"measurements\":[" + measurements + "]}");
    }

    @Test
    void pushedReadingsLandInExactFiveMinuteBucketsWithTheirFigures() {
        // 13:50:10 and 13:54:59 are in the 13:50 bucket, 13:55:00 in the next
        var response = push(
                box,
                "{\"ip\":\"100.64.0.10\",\"at\":\"2026-01-04T13:50:10Z\",\"rttMs\":[40,10,30,20],\"sent\":5,\"lost\":1},"
                        + "{\"username\":\"alice\",\"at\":\"2026-01-04T16:54:59+03:00\",\"rttMs\":[50]},"
                        + "{\"ip\":\"100.64.0.10\",\"at\":\"2026-01-04T13:55:00Z\",\"rttMs\":[],\"sent\":3,\"lost\":3},"
                        + "{\"ip\":\"100.64.0.99\",\"at\":\"2026-01-04T13:55:00Z\",\"rttMs\":[1]},"
                        + "{\"username\":\"alice\",\"at\":\"2026-01-04T12:00:00Z\",\"rttMs\":[1]}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().toString()).isEqualTo("{\"recorded\":3,\"unmatched\":[3],\"stale\":[4]}");

        var series = h.get(
                "/api/sessions/" + alice.id()
                        + "/quality?interval=5m&from=2026-01-04T13:45:00Z&to=2026-01-04T14:00:00Z",
                reader);
        assertThat(series.status()).isEqualTo(200);
        JsonNode data = series.json().get("data");
        assertThat(data).hasSize(3);
        assertThat(data.get(0).get("timestamp").asText()).isEqualTo("2026-01-04T13:45:00Z");
        assertThat(data.get(0).get("sources")).isEmpty();
        // 13:50: round trips 10, 20, 30, 40, 50: p50 30, p95 50; loss 1 of 5; jitter (30 + 20 + 10) / 3
        assertThat(data.get(1).get("sources").toString())
                .isEqualTo("[{\"source\":\"push\",\"rttP50Ms\":30.0,\"rttP95Ms\":50.0,\"lossPercent\":20.0,"
                        + "\"jitterMs\":20.0,\"samples\":5}]");
        // 13:55: every echo lost: loss 100 %, no round trip: null, never 0
        assertThat(data.get(2).get("sources").toString())
                .isEqualTo("[{\"source\":\"push\",\"rttP50Ms\":null,\"rttP95Ms\":null,\"lossPercent\":100.0,"
                        + "\"jitterMs\":null,\"samples\":0}]");
        assertThat(data.get(2).get("nearRateLimit").isNull())
                .as("no rate known")
                .isTrue();
        assertThat(series.json().get("rate").isNull()).isTrue();

        // the crossing is on the timeline
        var timeline = h.get("/api/sessions/" + alice.id() + "/timeline", reader)
                .json()
                .get("events");
        // once: 13:50 broke the 5 % loss threshold, 13:55 stayed degraded
        assertThat(timeline).hasSize(2);
        assertThat(timeline.get(1).toString())
                .isEqualTo("{\"time\":\"2026-01-04T13:50:00Z\",\"event\":\"Quality Degraded\","
                        + "\"type\":\"quality_degraded\",\"rttP95Ms\":50.0,\"lossPercent\":20.0}");
    }

    @Test
    void pushingNeedsQualityWriteAndThatPermissionReadsNothing() {
        String body = "{\"ip\":\"100.64.0.10\",\"at\":\"2026-01-04T13:50:10Z\",\"rttMs\":[1]}";
        assertThat(push(reader, body).status()).isEqualTo(403);
        assertThat(h.get("/api/sessions/" + alice.id() + "/quality", box).status())
                .isEqualTo(403);
        assertThat(push(box, body).status()).isEqualTo(200);
    }

    @Test
    void anotherTenantsSessionsAreNeitherMatchedNorRead() {
        String globexBox = h.token(GLOBEX, Permission.QUALITY_WRITE);
        var response = push(globexBox, "{\"ip\":\"100.64.0.10\",\"at\":\"2026-01-04T13:50:10Z\",\"rttMs\":[1]}");
        assertThat(response.json().toString()).isEqualTo("{\"recorded\":0,\"unmatched\":[0],\"stale\":[]}");
        String globexReader = h.token(GLOBEX, Permission.DASHBOARD_ACTIVE_SESSIONS);
        assertThat(h.get("/api/sessions/" + alice.id() + "/quality", globexReader)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void hostileReadingsAre400NamingTheFieldAndStoreNothing() {
        String[][] cases = {
            {"{\"at\":\"2026-01-04T13:50:10Z\",\"rttMs\":[1]}", "measurements[0].ip"},
            {"{\"ip\":\"100.64.0.10\",\"username\":\"alice\",\"at\":\"2026-01-04T13:50:10Z\"}", "measurements[0].ip"},
            {"{\"ip\":\"not-an-ip\",\"at\":\"2026-01-04T13:50:10Z\",\"rttMs\":[1]}", "measurements[0].ip"},
            {"{\"ip\":\"100.64.0.10\",\"at\":\"yesterday\",\"rttMs\":[1]}", "measurements[0].at"},
            {"{\"ip\":\"100.64.0.10\",\"at\":\"2026-01-04T13:50:10Z\",\"rttMs\":[-1]}", "measurements[0].rttMs"},
            {"{\"ip\":\"100.64.0.10\",\"at\":\"2026-01-04T13:50:10Z\",\"rttMs\":[1e300]}", "measurements[0].rttMs"},
            {"{\"ip\":\"100.64.0.10\",\"at\":\"2026-01-04T13:50:10Z\",\"sent\":1,\"lost\":2}", "measurements[0].lost"},
            {"{\"ip\":\"100.64.0.10\",\"at\":\"2026-01-04T13:50:10Z\",\"sent\":1}", "measurements[0].sent"},
            {"{\"ip\":\"100.64.0.10\",\"at\":\"2026-01-04T13:50:10Z\"}", "measurements[0].rttMs"},
        };
        for (String[] c : cases) {
            var response = push(box, "{\"ip\":\"100.64.0.10\",\"at\":\"2026-01-04T13:50:10Z\",\"rttMs\":[7]}," + c[0]);
            assertThat(response.status()).as(c[0]).isEqualTo(400);
            assertThat(response.errorField()).as(c[0]).isEqualTo(c[1].replace("[0]", "[1]"));
        }
        var series = h.get("/api/sessions/" + alice.id() + "/quality?interval=1h", reader);
        assertThat(series.json().get("data").toString()).doesNotContain("\"source\"");
        assertThat(h.get("/api/sessions/" + alice.id() + "/quality?interval=1m", reader)
                        .errorField())
                .isEqualTo("interval");
        assertThat(h.send("POST", "/api/quality", box, "{\"measurements\":[]}").status())
                .isEqualTo(400);
    }
}
