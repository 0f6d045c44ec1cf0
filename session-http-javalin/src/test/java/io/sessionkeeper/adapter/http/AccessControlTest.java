package io.sessionkeeper.adapter.http;

import static io.sessionkeeper.adapter.http.ApiHarness.ACME;
import static io.sessionkeeper.adapter.http.ApiHarness.GLOBEX;
import static io.sessionkeeper.adapter.http.ApiHarness.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Session;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Authentication, the permission matrix and tenant isolation, on every secured route. */
class AccessControlTest {
    private ApiHarness h;
    private Nas acmeNas;
    private Session acmeSession;
    private Customer acmeCustomer;
    private String acmeTokenId;
    private String acmeRule;
    private String acmeAlert;
    private String acmeWebhook;

    /**
     * A concrete request for each secured route, with {session}, {nas}, {customer} and {token} standing for tenant
     * acme's; a new route without an entry here fails everySecuredRouteIsCoveredAndEveryApiRouteIsSecured.
     */
    record Call(String route, String method, String template, String body) {
        @Override
        public String toString() {
            return route;
        }
    }

    /** Every test gets a fresh world: acme has a live session (last seen 30 h ago), a NAS, a customer and a token. */
    @BeforeEach
    void start() {
        h = new ApiHarness();
        acmeNas = h.nas(ACME, "Acme Router", "192.168.1.1");
        acmeSession = h.started(acmeNas, "acme-user", "A0001", NOW.minus(Duration.ofHours(30)));
        acmeCustomer = h.customer(ACME, "acme.customer");
        // the {token} of the calls: a reader, so that any token allowed to manage tokens may revoke it
        h.token(ACME, Permission.DASHBOARD_ACTIVE_SESSIONS);
        acmeTokenId = h.tokenStore.findByTenant(ACME).get(0).id().toString();
        acmeRule = h.alertRule();
        acmeAlert = h.alert();
        acmeWebhook = h.webhook();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    static List<Call> calls() {
        String session = "{session}";
        String nas = "{nas}";
        String nasBody = "{\"name\":\"N\",\"ipAddress\":\"10.9.9.9\",\"secret\":\"x\"}";
        return List.of(
                new Call("GET /api/sessions", "GET", "/api/sessions", null),
                new Call("GET /api/sessions/export", "GET", "/api/sessions/export", null),
                new Call("POST /api/sessions/export/ticket", "POST", "/api/sessions/export/ticket", null),
                new Call("GET /api/sessions/stats", "GET", "/api/sessions/stats", null),
                new Call("GET /api/sessions/by-ip", "GET", "/api/sessions/by-ip?ip=10.5.50.100", null),
                new Call("POST /api/sessions/sync", "POST", "/api/sessions/sync", null),
                new Call("GET /api/sessions/{id}", "GET", "/api/sessions/" + session, null),
                new Call("GET /api/sessions/{id}/timeline", "GET", "/api/sessions/" + session + "/timeline", null),
                new Call("DELETE /api/sessions/{id}", "DELETE", "/api/sessions/" + session, null),
                new Call(
                        "POST /api/sessions/{id}/rate-limit",
                        "POST",
                        "/api/sessions/" + session + "/rate-limit",
                        "{\"rateLimit\":\"1M/1M\"}"),
                new Call("POST /api/nas", "POST", "/api/nas", nasBody),
                new Call("GET /api/sessions/{id}/bandwidth", "GET", "/api/sessions/" + session + "/bandwidth", null),
                new Call("GET /api/sessions/{id}/quality", "GET", "/api/sessions/" + session + "/quality", null),
                new Call(
                        "POST /api/quality",
                        "POST",
                        "/api/quality",
                        "{\"measurements\":[{\"username\":\"acme-user\",\"at\":\"2026-01-04T13:00:00Z\",\"rttMs\":[1]}]}"),
                new Call("GET /api/nas", "GET", "/api/nas", null),
                new Call("GET /api/nas/{id}/bandwidth", "GET", "/api/nas/" + nas + "/bandwidth", null),
                new Call("GET /api/nas/{id}", "GET", "/api/nas/" + nas, null),
                new Call(
                        "PUT /api/nas/{id}",
                        "PUT",
                        "/api/nas/" + nas,
                        "{\"name\":\"Hijacked\",\"ipAddress\":\"10.9.9.8\"}"),
                new Call("DELETE /api/nas/{id}", "DELETE", "/api/nas/" + nas, null),
                new Call("GET /api/customers", "GET", "/api/customers", null),
                new Call(
                        "PUT /api/customers/{username}", "PUT", "/api/customers/{customer}", "{\"name\":\"Hijacked\"}"),
                new Call("GET /api/customers/{username}", "GET", "/api/customers/{customer}", null),
                new Call("DELETE /api/customers/{username}", "DELETE", "/api/customers/{customer}", null),
                new Call("GET /api/customers/{username}/bandwidth", "GET", "/api/customers/{customer}/bandwidth", null),
                new Call(
                        "GET /api/customers/{username}/session-comparison",
                        "GET",
                        "/api/customers/{customer}/session-comparison",
                        null),
                new Call("GET /api/sessions/analytics/peak-times", "GET", "/api/sessions/analytics/peak-times", null),
                new Call("GET /api/sessions/analytics/top-users", "GET", "/api/sessions/analytics/top-users", null),
                new Call("GET /api/sessions/fraud/multi-device", "GET", "/api/sessions/fraud/multi-device", null),
                new Call("GET /api/nas/health", "GET", "/api/nas/health", null),
                new Call(
                        "POST /api/tokens", "POST", "/api/tokens", "{\"permissions\":[\"dashboard:active_sessions\"]}"),
                new Call("GET /api/tokens", "GET", "/api/tokens", null),
                new Call("DELETE /api/tokens/{id}", "DELETE", "/api/tokens/{token}", null),
                new Call("GET /api/tokens/audit", "GET", "/api/tokens/audit", null),
                new Call("GET /api/me", "GET", "/api/me", null),
                new Call("GET /api/tenant", "GET", "/api/tenant", null),
                new Call("PUT /api/tenant", "PUT", "/api/tenant", "{\"timeZone\":\"Asia/Tokyo\"}"),
                new Call("POST /api/alert-rules", "POST", "/api/alert-rules", RULE_BODY),
                new Call("POST /api/alert-rules/preview", "POST", "/api/alert-rules/preview", RULE_BODY),
                new Call("GET /api/alert-rules", "GET", "/api/alert-rules", null),
                new Call("GET /api/alert-rules/{id}", "GET", "/api/alert-rules/{rule}", null),
                new Call("PUT /api/alert-rules/{id}", "PUT", "/api/alert-rules/{rule}", RULE_BODY),
                new Call("DELETE /api/alert-rules/{id}", "DELETE", "/api/alert-rules/{rule}", null),
                new Call("GET /api/alerts", "GET", "/api/alerts", null),
                new Call("POST /api/alerts/{id}/acknowledge", "POST", "/api/alerts/{alert}/acknowledge", null),
                new Call("POST /api/webhooks", "POST", "/api/webhooks", "{\"url\":\"http://127.0.0.1:9/hook\"}"),
                new Call("GET /api/webhooks", "GET", "/api/webhooks", null),
                new Call("GET /api/webhooks/{id}", "GET", "/api/webhooks/{webhook}", null),
                new Call("DELETE /api/webhooks/{id}", "DELETE", "/api/webhooks/{webhook}", null),
                new Call("GET /api/webhooks/{id}/deliveries", "GET", "/api/webhooks/{webhook}/deliveries", null),
                new Call("POST /api/webhooks/{id}/test", "POST", "/api/webhooks/{webhook}/test", null));
    }

    private static final String RULE_BODY = "{\"type\":\"LONG_SESSION\",\"threshold\":86400}";

    /** The calls of routes that need a permission (every secured route but GET /api/me). */
    static List<Call> permissionCalls() {
        return calls().stream().filter(c -> !c.route().equals("GET /api/me")).toList();
    }

    private String path(Call call) {
        return call.template()
                .replace("{session}", acmeSession.id().toString())
                .replace("{nas}", acmeNas.id().toString())
                .replace("{customer}", acmeCustomer.username())
                .replace("{token}", acmeTokenId)
                .replace("{rule}", acmeRule)
                .replace("{alert}", acmeAlert)
                .replace("{webhook}", acmeWebhook);
    }

    private ApiHarness.Response call(Call call, String token) {
        return h.send(call.method(), path(call), token, call.body());
    }

    @Test
    void everySecuredRouteIsCoveredAndEveryApiRouteIsSecured() {
        List<String> secured = h.api.routes().stream()
                .filter(ApiRoute::needsToken)
                .map(ApiRoute::key)
                .sorted()
                .toList();
        assertThat(calls().stream().map(Call::route).sorted().toList()).isEqualTo(secured);
        assertThat(h.api.routes().stream()
                        .filter(r -> r.path().startsWith("/api"))
                        .allMatch(r -> !r.isPublic()))
                .isTrue();
        // the one /api route without a token is admitted by a one-time ticket that a token asked for
        assertThat(h.api.routes().stream()
                        .filter(r -> !r.needsToken() && r.path().startsWith("/api"))
                        .map(ApiRoute::key))
                .containsExactly("GET " + ExportRoutes.DOWNLOAD);
        assertThat(h.api.routes().stream().filter(r -> r.isPublic()).allMatch(r -> !r.path()
                        .startsWith("/api")))
                .isTrue();
    }

    // ---- authentication ---------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void withoutATokenEveryApiRouteIs401WithABearerChallenge(Call call) {
        var response = call(call, null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.errorCode()).isEqualTo("unauthorized");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"sessionkeeper\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void withAnUnknownTokenEveryApiRouteIs401(Call call) {
        var response = call(call, "sk_" + "A".repeat(43));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    }

    @Test
    void malformedAuthorizationHeadersAre401() {
        String good = h.token(ACME, Permission.DASHBOARD_ACTIVE_SESSIONS);
        for (String header : List.of(
                "",
                "Bearer",
                "Bearer ",
                "Basic dXNlcjpwYXNz",
                good,
                "Token " + good,
                "Bearer  ",
                "Bearer " + "x".repeat(600))) {
            var response = h.send(HttpRequest.newBuilder(h.uri("/api/sessions"))
                    .header("Authorization", header.isEmpty() ? " " : header)
                    .GET()
                    .build());
            assertThat(response.status()).as("'" + header + "'").isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        }
        var lowerCase = h.send(HttpRequest.newBuilder(h.uri("/api/sessions"))
                .header("Authorization", "bearer " + good)
                .GET()
                .build());
        assertThat(lowerCase.status()).isEqualTo(200);
    }

    @Test
    void publicRoutesNeedNoToken() {
        assertThat(h.get("/health/live", null).status()).isEqualTo(200);
        assertThat(h.get("/health/ready", null).status()).isEqualTo(200);
        assertThat(h.get("/openapi.json", null).status()).isEqualTo(200);
        assertThat(h.get("/metrics", null).status()).isEqualTo(404);
    }

    // ---- permissions ------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("permissionCalls")
    void aTokenLackingTheRoutesPermissionIs403AndChangesNothing(Call call) {
        ApiRoute route = h.api.routes().stream()
                .filter(r -> r.key().equals(call.route()))
                .findFirst()
                .orElseThrow();
        String token = h.tokenWithout(ACME, route.permission());
        int nasRequests = h.nasSide.requests.size();
        long openSessions =
                h.sessionsOf(ACME).stream().filter(Session::isActive).count();

        var response = call(call, token);

        assertThat(response.status()).as(response.toString()).isEqualTo(403);
        assertThat(response.errorCode()).isEqualTo("forbidden");
        assertThat(response.json().get("error").get("message").asText())
                .contains(route.permission().code());
        assertThat(h.nasSide.requests).hasSize(nasRequests);
        assertThat(h.sessionsOf(ACME).stream().filter(Session::isActive).count())
                .isEqualTo(openSessions);
        assertThat(h.nasDirectory.findById(ACME, acmeNas.id())).contains(acmeNas);
        assertThat(h.customers.findByUsername(ACME, acmeCustomer.username())).contains(acmeCustomer);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("permissionCalls")
    void aTokenHoldingOnlyTheRoutesPermissionIsAllowed(Call call) {
        ApiRoute route = h.api.routes().stream()
                .filter(r -> r.key().equals(call.route()))
                .findFirst()
                .orElseThrow();
        Permission[] needed = route.permission() == Permission.TOKENS_MANAGE
                ? new Permission[] {Permission.TOKENS_MANAGE, Permission.DASHBOARD_ACTIVE_SESSIONS}
                : new Permission[] {route.permission()};
        var response = call(call, h.token(ACME, needed));
        assertThat(response.status()).as(response.toString()).isBetween(200, 204);
    }

    @Test
    void everyRouteButMeNeedsAPermissionAndMeNeedsOnlyAValidToken() {
        assertThat(h.api.routes().stream()
                        .filter(r -> r.needsToken() && r.permission() == null)
                        .map(ApiRoute::key))
                .containsExactly("GET /api/me");
        assertThat(permissionCalls()).hasSize(calls().size() - 1);
        var me = h.get("/api/me", h.token(ACME, Permission.DASHBOARD_ACTIVE_SESSIONS));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("permissions").toString()).isEqualTo("[\"dashboard:active_sessions\"]");
    }

    // ---- tenant isolation -------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void anotherTenantsTokenSeesNothingOfThisTenant(Call call) {
        String globex = h.token(GLOBEX);
        int nasRequests = h.nasSide.requests.size();

        var response = call(call, globex);

        switch (call.route()) {
            case "GET /api/sessions" -> {
                assertThat(response.json().get("total").asLong()).isZero();
                assertThat(response.json().get("sessions").size()).isZero();
            }
            case "GET /api/sessions/export" -> {
                // the header row only: nothing of acme's
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body().strip().lines()).hasSize(1);
                assertThat(response.body()).doesNotContain("acme");
            }
            case "POST /api/sessions/export/ticket" -> {
                // a ticket of globex's own: its download holds the header row only, nothing of acme's
                assertThat(response.status()).isEqualTo(201);
                var download = h.get(response.json().get("href").asText(), null);
                assertThat(download.status()).isEqualTo(200);
                assertThat(download.body().strip().lines()).hasSize(1);
                assertThat(download.body()).doesNotContain("acme");
            }
            case "GET /api/sessions/stats" -> {
                JsonNode stats = response.json();
                assertThat(stats.get("total").asLong()).isZero();
                assertThat(stats.get("sessions").get("today").asLong()).isZero();
                assertThat(stats.get("sessions").get("thisMonth").asLong()).isZero();
                assertThat(stats.get("byNas").size()).isZero();
            }
            case "POST /api/sessions/sync" -> {
                assertThat(response.json().get("cleanedCount").asLong()).isZero();
                assertThat(h.sessions
                                .findById(ACME, acmeSession.id())
                                .orElseThrow()
                                .isActive())
                        .isTrue();
            }
            case "GET /api/nas" -> assertThat(response.json().get("nas").size()).isZero();
            case "GET /api/customers" ->
                assertThat(response.json().get("total").asLong()).isZero();
            case "GET /api/tokens" ->
                assertThat(response.json().get("tokens").findValuesAsText("tenant"))
                        .containsOnly("globex");
            case "GET /api/tokens/audit" -> {
                assertThat(response.json().get("total").asLong()).isEqualTo(1);
                assertThat(response.json().get("events").findValuesAsText("tenant"))
                        .containsOnly("globex");
                assertThat(response.body()).doesNotContain(acmeTokenId);
            }
            case "GET /api/me" ->
                assertThat(response.json().get("tenant").asText()).isEqualTo("globex");
            case "GET /api/tenant" ->
                assertThat(response.json().get("id").asText()).isEqualTo("globex");
            case "PUT /api/tenant" -> {
                // a tenant sets its own zone only: acme's stays as it was
                assertThat(response.json().get("id").asText()).isEqualTo("globex");
                assertThat(h.tenants.findById(ACME).map(t -> t.timeZone().getId()))
                        .isNotEqualTo(java.util.Optional.of("Asia/Tokyo"));
            }
            case "POST /api/nas" -> assertThat(response.status()).isEqualTo(201);
            case "POST /api/tokens" ->
                assertThat(response.json().get("tenant").asText()).isEqualTo("globex");
            case "GET /api/customers/{username}/bandwidth" -> {
                // a User-Name is the tenant's own: another tenant's token sums its own sessions of that name (none)
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.json().get("data").findValuesAsText("sessions"))
                        .containsOnly("0");
                assertThat(response.body())
                        .isEqualTo(h.send("GET", "/api/customers/nobody.at.all/bandwidth", globex, null)
                                .body());
            }
            case "PUT /api/customers/{username}" -> {
                // the same username in another tenant is another customer: globex creates its own
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.json().get("id").asText())
                        .isNotEqualTo(acmeCustomer.id().toString());
            }
            case "GET /api/alert-rules" ->
                assertThat(response.json().get("rules").size()).isZero();
            case "GET /api/alerts" ->
                assertThat(response.json().get("total").asLong()).isZero();
            case "GET /api/webhooks" ->
                assertThat(response.json().get("webhooks").size()).isZero();
            case "POST /api/quality" ->
                // matched within the caller's tenant only: acme's open session of that User-Name is not found
                assertThat(response.json().get("unmatched").toString()).isEqualTo("[0]");
            case "POST /api/alert-rules", "POST /api/webhooks" ->
                assertThat(response.status()).isEqualTo(201);
            case "POST /api/alert-rules/preview" -> {
                // replayed over globex's sessions only: acme's 30-hour session is not among them
                assertThat(response.json().get("sessionsExamined").asLong()).isZero();
            }
            case "GET /api/sessions/analytics/peak-times" -> {
                // globex's own concurrency only: acme's session, open for 30 hours, is not in it
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.json().get("heatmap").findValuesAsText("avgSessions"))
                        .containsOnly("0.0");
            }
            case "GET /api/sessions/analytics/top-users" ->
                assertThat(response.json().get("users").size()).isZero();
            case "GET /api/sessions/fraud/multi-device" ->
                assertThat(response.json().get("total").asLong()).isZero();
            case "GET /api/nas/health" ->
                assertThat(response.json().get("nas").size()).isZero();
            case "GET /api/sessions/by-ip" -> {
                // acme's open session holds 10.5.50.100: globex asking about the same address finds nothing
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.json().get("sessions").size()).isZero();
            }
            default -> assertSameAsRandomId(call, globex, response);
        }
        assertThat(h.nasSide.requests).hasSize(nasRequests);
        assertThat(h.sessions.findById(ACME, acmeSession.id())).contains(acmeSession);
        assertThat(h.nasDirectory.findById(ACME, acmeNas.id())).contains(acmeNas);
        assertThat(h.customers.findByUsername(ACME, acmeCustomer.username())).contains(acmeCustomer);
        assertThat(h.tokenStore.findByTenant(ACME).stream().map(t -> t.id().toString()))
                .contains(acmeTokenId);
        assertThat(h.alertRules.list(ACME)).extracting(r -> r.id().toString()).contains(acmeRule);
        assertThat(h.alerts
                        .find(ACME, io.sessionkeeper.domain.model.AlertId.parse(acmeAlert))
                        .orElseThrow()
                        .acknowledgement())
                .isNull();
        assertThat(h.webhookAdmin.list(ACME)).extracting(w -> w.id().toString()).contains(acmeWebhook);
        assertThat(h.webhooks.countDeliveries(ACME, io.sessionkeeper.domain.model.WebhookId.parse(acmeWebhook)))
                .isZero();
    }

    /** Another tenant's id answers exactly like an id that exists nowhere: 404, same code, same message form. */
    private void assertSameAsRandomId(Call call, String token, ApiHarness.Response response) {
        String random = UUID.randomUUID().toString();
        String acmeId = Stream.of(
                        acmeSession.id().toString(),
                        acmeNas.id().toString(),
                        acmeTokenId,
                        acmeCustomer.username(),
                        acmeRule,
                        acmeAlert,
                        acmeWebhook)
                .filter(path(call)::contains)
                .findFirst()
                .orElseThrow();
        String randomPath =
                path(call).replace(acmeId, acmeId.equals(acmeCustomer.username()) ? "nobody.at.all" : random);
        var randomResponse = h.send(call.method(), randomPath, token, call.body());
        assertThat(response.status()).as(response.toString()).isEqualTo(404);
        assertThat(randomResponse.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo(randomResponse.errorCode());
        String message = response.json().get("error").get("message").asText();
        String randomMessage = randomResponse.json().get("error").get("message").asText();
        assertThat(message.replace(acmeId, "X"))
                .isEqualTo(randomMessage.replace(random, "X").replace("nobody.at.all", "X"));
    }

    @Test
    void listingsOfEachTenantShowOnlyItsOwnSessions() {
        Nas globexNas = h.nas(GLOBEX, "Globex Router", "172.16.0.1");
        h.started(globexNas, "globex-user", "G1", NOW.minusSeconds(60));
        Map<String, Long> totals = new LinkedHashMap<>();
        for (var tenant : List.of(ACME, GLOBEX)) {
            JsonNode body = h.get("/api/sessions?pageSize=100", h.token(tenant, Permission.DASHBOARD_ACTIVE_SESSIONS))
                    .json();
            totals.put(tenant.value(), body.get("total").asLong());
            body.get("sessions").forEach(s -> assertThat(s.get("username").asText())
                    .startsWith(tenant.value().equals("acme") ? "acme-" : "globex-"));
        }
        assertThat(totals.get("globex")).isEqualTo(1);
        assertThat(totals.get("acme")).isEqualTo(h.sessionsOf(ACME).size());
        var search = h.get(
                "/api/sessions?search=" + acmeSession.id(), h.token(GLOBEX, Permission.DASHBOARD_ACTIVE_SESSIONS));
        assertThat(search.json().get("total").asLong()).isZero();
        var byNas = h.get("/api/sessions?nasId=" + acmeNas.id(), h.token(GLOBEX, Permission.DASHBOARD_ACTIVE_SESSIONS));
        assertThat(byNas.json().get("total").asLong()).isZero();
        var byCustomer = h.get(
                "/api/sessions?customerId=" + acmeCustomer.id(), h.token(GLOBEX, Permission.DASHBOARD_ACTIVE_SESSIONS));
        assertThat(byCustomer.json().get("total").asLong()).isZero();
    }
}
