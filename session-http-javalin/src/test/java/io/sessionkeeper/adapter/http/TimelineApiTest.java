package io.sessionkeeper.adapter.http;

import static io.sessionkeeper.adapter.http.ApiHarness.ACME;
import static io.sessionkeeper.adapter.http.ApiHarness.GLOBEX;
import static io.sessionkeeper.adapter.http.ApiHarness.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionkeeper.domain.model.DisconnectResult;
import io.sessionkeeper.domain.model.Grant;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.port.in.IssueTokenCommand;
import io.sessionkeeper.domain.port.in.IssuedToken;
import io.sessionkeeper.domain.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/sessions/{id}/timeline} over real HTTP and the real services, in memory and on PostgreSQL. */
class TimelineApiTest {
    private final ApiHarness h = new ApiHarness();
    private IssuedToken operator;
    private Nas main;
    private Session session;
    private final Instant started = NOW.minus(Duration.ofHours(1));

    @BeforeEach
    void setUp() {
        operator = h.access.issue(
                new Principal(null, ACME, Grant.ALL, null), new IssueTokenCommand(ACME, "noc desk", Grant.ALL));
        main = h.nas(ACME, "Main Router", "192.0.2.1");
        session = h.started(main, "customer001", "8100001A", started);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private ApiHarness.Response timeline(String query, String token) {
        return h.get("/api/sessions/" + session.id() + "/timeline" + query, token);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aRateLimitChangeAndADisconnectAppearBetweenTheStartAndTheEndWithTheTokenThatAsked() {
        h.nasSide.answer = new DisconnectResult.Nacked(404, 1, 3);
        h.send(
                "POST",
                "/api/sessions/" + session.id() + "/rate-limit",
                operator.secret(),
                "{\"rateLimit\":\"10M/20M\"}");
        h.nasSide.answer = new DisconnectResult.Acked(1, 4);
        assertThat(h.send("DELETE", "/api/sessions/" + session.id(), operator.secret(), null)
                        .status())
                .isEqualTo(200);

        ApiHarness.Response response = timeline("", operator.secret());

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(names(body)).containsExactly("sessionId", "events", "offset", "limit", "hasMore");
        assertThat(body.get("hasMore").asBoolean()).isFalse();
        JsonNode events = body.get("events");
        assertThat(events)
                .extracting(e -> e.get("type").asText())
                .containsExactly(
                        "session_started",
                        "speed_changed",
                        "disconnect_requested",
                        "disconnect_result",
                        "session_ended");
        assertThat(events)
                .extracting(e -> e.get("event").asText())
                .containsExactly(
                        "Session Started",
                        "Speed Changed",
                        "Disconnect Requested",
                        "Disconnect Result",
                        "Session Ended");

        JsonNode start = events.get(0);
        assertThat(names(start)).containsExactly("time", "event", "type", "framedIp");
        assertThat(start.get("time").asText()).isEqualTo(started.toString());
        assertThat(start.get("framedIp").asText()).isEqualTo("10.5.50.100");

        JsonNode speed = events.get(1);
        assertThat(names(speed))
                .containsExactly("time", "event", "type", "rateLimit", "result", "errorCause", "requestedBy");
        assertThat(speed.get("time").asText()).isEqualTo(NOW.toString());
        assertThat(speed.get("rateLimit").asText()).isEqualTo("10M/20M");
        assertThat(speed.get("result").asText()).isEqualTo("nak");
        assertThat(speed.get("errorCause").asInt()).isEqualTo(404);
        assertThat(speed.get("requestedBy").get("id").asText())
                .isEqualTo(operator.token().id().toString());
        assertThat(speed.get("requestedBy").get("name").asText()).isEqualTo("noc desk");

        JsonNode requested = events.get(2);
        assertThat(names(requested)).containsExactly("time", "event", "type", "requestedBy", "force");
        assertThat(requested.get("force").asBoolean()).isFalse();
        assertThat(names(requested.get("requestedBy"))).containsExactly("id", "name");

        JsonNode result = events.get(3);
        assertThat(names(result)).containsExactly("time", "event", "type", "result");
        assertThat(result.get("result").asText()).isEqualTo("ack");

        JsonNode end = events.get(4);
        assertThat(names(end))
                .containsExactly("time", "event", "type", "bytesIn", "bytesOut", "sessionTimeSeconds", "cause");
        assertThat(end.get("cause").asText()).isEqualTo("Admin-Terminate");
        assertThat(response.body())
                .doesNotContain(operator.secret())
                .doesNotContain(operator.token().secretHash());
    }

    @Test
    void interimsCarryCumulativeBytesAndTheRateSinceTheOneBeforeAndCollapseIntoOneEntry() {
        // interims as accounting receives them: download is the NAS's output (RFC 2866), written as samples
        for (int i = 1; i <= 3; i++) {
            h.track(Fixtures.interim(main, "customer001", "8100001A", started.plusSeconds(300L * i), 300L * i)
                    .eventTimestamp(started.plusSeconds(300L * i))
                    .outputOctets(37_500_000L * i, 0)
                    .inputOctets(3_750_000L * i, 0));
        }

        JsonNode plain = timeline("", operator.secret()).json().get("events");
        JsonNode collapsed =
                timeline("?collapse=true", operator.secret()).json().get("events");

        assertThat(plain).hasSize(4);
        JsonNode second = plain.get(2);
        assertThat(names(second))
                .containsExactly(
                        "time",
                        "event",
                        "type",
                        "bytesIn",
                        "bytesOut",
                        "sessionTimeSeconds",
                        "downloadKbps",
                        "uploadKbps");
        assertThat(second.get("event").asText()).isEqualTo("Interim Update");
        assertThat(second.get("bytesIn").asLong()).isEqualTo(75_000_000L);
        assertThat(second.get("bytesOut").asLong()).isEqualTo(7_500_000L);
        assertThat(second.get("downloadKbps").asDouble()).isEqualTo(1000.0);
        assertThat(second.get("uploadKbps").asDouble()).isEqualTo(100.0);
        assertThat(collapsed).hasSize(2);
        JsonNode run = collapsed.get(1);
        assertThat(run.get("collapsed").asBoolean()).isTrue();
        assertThat(run.get("count").asInt()).isEqualTo(3);
        assertThat(run.get("time").asText()).isEqualTo(started.plusSeconds(300).toString());
        assertThat(run.get("lastTime").asText())
                .isEqualTo(started.plusSeconds(900).toString());
        assertThat(run.get("bytesIn").asLong()).isEqualTo(112_500_000L);
        assertThat(run.get("downloadKbps").asDouble()).isEqualTo(1000.0);
    }

    @Test
    void pagesAreAnOffsetAndALimit() {
        for (int i = 0; i < 3; i++) {
            h.send(
                    "POST",
                    "/api/sessions/" + session.id() + "/rate-limit",
                    operator.secret(),
                    "{\"rateLimit\":\"" + (i + 1) + "M\"}");
        }

        JsonNode first = timeline("?limit=2", operator.secret()).json();
        JsonNode second = timeline("?offset=2&limit=2", operator.secret()).json();

        assertThat(first.get("events"))
                .extracting(e -> e.get("type").asText())
                .containsExactly("session_started", "speed_changed");
        assertThat(first.get("hasMore").asBoolean()).isTrue();
        assertThat(second.get("events"))
                .extracting(e -> e.get("rateLimit").asText())
                .containsExactly("2M", "3M");
        assertThat(second.get("offset").asInt()).isEqualTo(2);
        assertThat(second.get("hasMore").asBoolean()).isFalse();
    }

    @Test
    void anotherTenantsSessionIsNotFoundAndTheListingPermissionIsRequired() {
        h.nas(GLOBEX, "Foreign", "198.51.100.200");

        assertThat(timeline("", h.token(GLOBEX)).status()).isEqualTo(404);
        assertThat(timeline("", h.tokenWithout(ACME, Permission.DASHBOARD_ACTIVE_SESSIONS))
                        .status())
                .isEqualTo(403);
        assertThat(timeline("", h.token(ACME, Permission.DASHBOARD_ACTIVE_SESSIONS))
                        .status())
                .isEqualTo(200);
        assertThat(timeline("", null).status()).isEqualTo(401);
    }

    @Test
    void pagingOutsideItsBoundsIsABadRequest() {
        for (String query :
                List.of("?limit=0", "?limit=1001", "?offset=-1", "?offset=100001", "?collapse=maybe", "?page=2")) {
            ApiHarness.Response response = timeline(query, operator.secret());
            assertThat(response.status()).as(query).isEqualTo(400);
        }
        assertThat(h.get("/api/sessions/not-a-uuid/timeline", operator.secret()).status())
                .isEqualTo(400);
    }
}
