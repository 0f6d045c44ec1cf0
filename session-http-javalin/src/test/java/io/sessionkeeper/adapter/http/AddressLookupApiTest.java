package io.sessionkeeper.adapter.http;

import static io.sessionkeeper.adapter.http.ApiHarness.ACME;
import static io.sessionkeeper.adapter.http.ApiHarness.GLOBEX;
import static io.sessionkeeper.adapter.http.ApiHarness.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Ipv6Assignment;
import io.sessionkeeper.domain.model.Ipv6Prefix;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.testing.Fixtures;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/sessions/by-ip} over HTTP, on either store (the build runs it on both). */
class AddressLookupApiTest {
    private static final Instant START = Instant.parse("2026-01-04T09:00:00Z");
    private ApiHarness h;
    private String lookup;
    private Nas edge;

    @BeforeEach
    void start() {
        h = new ApiHarness();
        lookup = h.token(ACME, Permission.SESSIONS_LOOKUP);
        edge = h.nas(ACME, "Edge", "192.168.7.1");
        h.track(Fixtures.start(edge, "alice", "A1", START).framedIp(IpAddress.parse("100.64.12.7")));
        h.track(Fixtures.stop(edge, "alice", "A1", START.plusSeconds(3600), 3600)
                .framedIp(IpAddress.parse("100.64.12.7")));
        h.track(Fixtures.start(edge, "bob", "B1", START.plusSeconds(3600)).framedIp(IpAddress.parse("100.64.12.7")));
        Nas globex = h.nas(GLOBEX, "Globex Edge", "192.168.7.2");
        h.track(Fixtures.start(globex, "mallory", "M1", START).framedIp(IpAddress.parse("100.64.12.7")));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void namesTheSessionThatHeldTheAddressThenWithItsStretchCustomerAndNas() {
        ApiHarness.Response response =
                h.get("/api/sessions/by-ip?ip=100.64.12.7&at=2026-01-04T10:00:00%2B01:00", lookup);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("ip").asText()).isEqualTo("100.64.12.7");
        assertThat(body.get("at").asText()).isEqualTo("2026-01-04T09:00:00Z");
        assertThat(body.get("truncated").asBoolean()).isFalse();
        assertThat(body.get("sessions")).hasSize(1);
        JsonNode held = body.get("sessions").get(0);
        assertThat(held.get("heldFrom").asText()).isEqualTo("2026-01-04T09:00:00Z");
        assertThat(held.get("heldUntil").asText()).isEqualTo("2026-01-04T10:00:00Z");
        assertThat(held.get("session").get("username").asText()).isEqualTo("alice");
        assertThat(held.get("session").get("nas").get("name").asText()).isEqualTo("Edge");
        assertThat(held.get("session").get("sessionId").asText()).isEqualTo("A1");
    }

    @Test
    void withoutAnInstantItAnswersForNowAndAReusedAddressIsTheLaterSessions() {
        JsonNode body = h.get("/api/sessions/by-ip?ip=100.64.12.7", lookup).json();

        assertThat(body.get("at").asText()).isEqualTo(NOW.toString());
        assertThat(body.get("sessions")).hasSize(1);
        assertThat(body.get("sessions").get(0).get("session").get("username").asText())
                .isEqualTo("bob");
        assertThat(body.get("sessions").get(0).get("heldUntil").isNull()).isTrue();
    }

    @Test
    void badInputIsA400NamingTheParameter() {
        Map<String, String> cases = Map.of(
                "/api/sessions/by-ip", "ip",
                "/api/sessions/by-ip?ip=not-an-address", "ip",
                "/api/sessions/by-ip?ip=100.64.12.7&at=yesterday", "at",
                "/api/sessions/by-ip?ip=100.64.12.7&at=2026-01-04T10:00:00", "at",
                "/api/sessions/by-ip?ip=100.64.12.7&at=2027-01-04T10:00:00Z", "at",
                "/api/sessions/by-ip?ip=100.64.12.7&page=2", "page",
                "/api/sessions/by-ip?ip=2001:db8:100::/56", "ip",
                "/api/sessions/by-ip?ip=fe80::1%25eth0", "ip",
                "/api/sessions/by-ip?ip=2001:db8:::1", "ip");
        assertThat(cases).hasSize(9);
        cases.forEach((path, field) -> {
            ApiHarness.Response response = h.get(path, lookup);
            assertThat(response.status()).as(path + " " + response.body()).isEqualTo(400);
            assertThat(response.errorField()).as(path).isEqualTo(field);
        });
    }

    @Test
    void needsThePermissionOfItsOwnAndIsNeverTakenForASessionId() {
        String reader = h.token(ACME, Permission.DASHBOARD_ACTIVE_SESSIONS);
        String without = h.tokenWithout(ACME, Permission.SESSIONS_LOOKUP);

        assertThat(h.get("/api/sessions/by-ip?ip=100.64.12.7", reader).status()).isEqualTo(403);
        assertThat(h.get("/api/sessions/by-ip?ip=100.64.12.7", without).status())
                .isEqualTo(403);
        assertThat(h.get("/api/sessions/by-ip?ip=100.64.12.7", h.token(ACME)).status())
                .as("an all-permission token holds it")
                .isEqualTo(200);
    }

    @Test
    void anIpv6AddressInsideADelegatedPrefixNamesTheSessionWhichShowsItsIpv6Fields() {
        h.track(Fixtures.start(edge, "dave", "D1", START)
                .ipv6(new Ipv6Assignment(
                        IpAddress.parse("2001:db8::7"),
                        Ipv6Prefix.parse("prefix", "2001:db8:1::/64"),
                        Ipv6Prefix.parse("prefix", "2001:db8:100::/56"))));

        ApiHarness.Response response =
                h.get("/api/sessions/by-ip?ip=2001:db8:100:ff::1&at=2026-01-04T09:30:00Z", lookup);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(IpAddress.parse(body.get("ip").asText())).isEqualTo(IpAddress.parse("2001:db8:100:ff::1"));
        assertThat(body.get("sessions")).hasSize(1);
        JsonNode session = body.get("sessions").get(0).get("session");
        assertThat(session.get("username").asText()).isEqualTo("dave");
        assertThat(IpAddress.parse(session.get("framedIpv6Address").asText()))
                .isEqualTo(IpAddress.parse("2001:db8::7"));
        assertThat(Ipv6Prefix.parse("p", session.get("framedIpv6Prefix").asText()))
                .isEqualTo(Ipv6Prefix.parse("p", "2001:db8:1::/64"));
        assertThat(Ipv6Prefix.parse("p", session.get("delegatedIpv6Prefix").asText()))
                .isEqualTo(Ipv6Prefix.parse("p", "2001:db8:100::/56"));
        assertThat(h.get("/api/sessions/by-ip?ip=2001:db8:101::1&at=2026-01-04T09:30:00Z", lookup)
                        .json()
                        .get("sessions"))
                .as("just outside the /56")
                .isEmpty();
        assertThat(session.get("framedIp").isNull()).isTrue();
    }
}
