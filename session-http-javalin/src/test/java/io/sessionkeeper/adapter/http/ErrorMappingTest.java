package io.sessionkeeper.adapter.http;

import static io.sessionkeeper.adapter.http.ApiHarness.ACME;
import static io.sessionkeeper.adapter.http.ApiHarness.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HandlerType;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.port.in.ListSessionsUseCase;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One error shape, one mapping: every client mistake is a 4xx naming what was wrong, and only our own faults are
 * 500s, with a correlation id. The fuzz tests throw hostile values at every parameter and body of every route.
 */
class ErrorMappingTest {
    private static final List<String> HOSTILE = List.of(
            "",
            " ",
            "0",
            "-1",
            "1",
            "1e9",
            "1000000000",
            "2147483648",
            "99999999999999999999",
            "0x10",
            "+5",
            "1.5",
            "abc",
            "null",
            "true",
            "[]",
            "{}",
            "%00",
            "'; DROP TABLE sessions; --",
            "../../etc/passwd",
            "💥🚀",
            "\u0000",
            "active\u0000",
            "a\u0007b",
            "\u001b[31mred",
            "line\nbreak",
            "\u007f",
            "\u0085",
            "00000000-0000-0000-0000-000000000000",
            "00000000-0000-0000-0000-00000000000G",
            "0-0-0-0-0",
            "10.0.0.1",
            "::1",
            "Europe/../../x",
            "x".repeat(300),
            "9".repeat(2000));

    private ApiHarness h;
    private String root;
    private Session session;

    @BeforeEach
    void start() {
        h = new ApiHarness();
        root = h.token(ACME);
        Nas nas = h.nas(ACME, "Main", "192.168.1.1");
        session = h.started(nas, "customer001", "8100001A", NOW.minus(Duration.ofHours(1)));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---- 400 ------------------------------------------------------------------------------------------------

    @Test
    void hostileQueryValuesOnEveryParameterOfEveryRouteAreNever500() {
        List<String> failures = new ArrayList<>();
        for (ApiRoute route : h.api.routes()) {
            for (String param : route.queryParams()) {
                for (String value : HOSTILE) {
                    String path = concrete(route.path()) + "?" + param + "=" + enc(value);
                    String method = route.method().name();
                    if (route.key().equals("DELETE /api/sessions/{id}")) {
                        h.nasSide.answer = new io.sessionkeeper.domain.model.DisconnectResult.TimedOut(1, 1);
                    }
                    var response = h.send(method, path, root, null);
                    if (response.status() >= 500 && response.status() != 504
                            || response.status() == 400 && !param.equals(response.errorField())
                            || !io.sessionkeeper.domain.model.Text.isClean(value) && response.status() != 400) {
                        failures.add(method + " " + path + " -> " + response);
                    }
                    if (response.status() == 400) {
                        assertThat(response.errorCode()).isEqualTo("invalid_value");
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    private String concrete(String path) {
        return path.replace("{id}", session.id().toString()).replace("{username}", "customer001");
    }

    @Test
    void outOfRangePagingIs400NamingTheParameter() {
        assertInvalid("/api/sessions?pageSize=0", "pageSize");
        assertInvalid("/api/sessions?pageSize=101", "pageSize");
        assertInvalid("/api/sessions?pageSize=1000000000", "pageSize");
        assertInvalid("/api/sessions?pageSize=-5", "pageSize");
        assertInvalid("/api/sessions?page=0", "page");
        assertInvalid("/api/sessions?page=abc", "page");
        assertInvalid("/api/sessions?page=99999999999", "page");
        assertInvalid("/api/sessions?page=50000&pageSize=100", "page");
        assertInvalid("/api/sessions?status=open", "status");
        assertInvalid("/api/sessions?customerId=42", "customerId");
        assertInvalid("/api/sessions?nasId=not-a-uuid", "nasId");
        assertInvalid("/api/sessions?search=" + "a".repeat(254), "search");
        assertInvalid("/api/sessions?page=1&page=2", "page");
        assertInvalid("/api/sessions?pagesize=50", "pagesize");
        assertInvalid("/api/nas?page=1", "page");
    }

    private void assertInvalid(String path, String field) {
        var response = h.get(path, root);
        assertThat(response.status()).as(path + " -> " + response).isEqualTo(400);
        assertThat(response.errorField()).as(path).isEqualTo(field);
        assertThat(response.errorCode()).isEqualTo("invalid_value");
        assertThat(response.json().get("error").get("message").asText()).startsWith(field);
        assertThat(response.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void hostilePathIdsAre400Or404() {
        for (String value : HOSTILE) {
            if (value.isBlank() || value.contains("/") || value.contains("\u0000") || value.startsWith(".")) {
                continue;
            }
            for (String template : List.of(
                    "/api/sessions/%s",
                    "/api/nas/%s", "/api/customers/%s", "/api/tokens/%s", "/api/sessions/%s/rate-limit")) {
                String path = String.format(template, enc(value));
                for (HandlerType method :
                        List.of(HandlerType.GET, HandlerType.DELETE, HandlerType.PUT, HandlerType.POST)) {
                    var response = h.send(method.name(), path, root, "{}");
                    assertThat(response.status())
                            .as(method + " " + path + " -> " + response)
                            .isIn(400, 404, 405);
                    assertThat(response.json().has("error")).isTrue();
                }
            }
        }
    }

    @Test
    void hostileJsonBodiesOnEveryBodyRouteAreNever500() {
        List<String> bodies = new ArrayList<>(List.of(
                "",
                " ",
                "null",
                "[]",
                "{}",
                "123",
                "\"text\"",
                "{\"a\":",
                "{\"name\":\"A\",\"name\":\"B\"}",
                "{} {}",
                "{\"rateLimit\":null}",
                "{\"permissions\":null}",
                "{\"permissions\":[null]}",
                "{\"package\":[]}",
                "{\"package\":{\"downloadSpeed\":1e400}}",
                "{\"coaPort\":1e400}",
                "{\"coaPort\":-0}",
                "{\"name\":\"\\ud800\"}",
                "{\"name\":\"a\\u0000b\",\"ipAddress\":\"10.9.9.9\",\"secret\":\"s\"}",
                "{\"name\":\"A\",\"ipAddress\":\"10.9.9.9\u0000\",\"secret\":\"s\"}",
                "{\"name\":\"A\",\"ipAddress\":\"0.0.0.0\",\"secret\":\"s\\u0000\"}",
                "{\"name\":\"A\",\"package\":{\"name\":\"\\u0000\",\"downloadSpeed\":1,\"uploadSpeed\":1}}",
                "{\"permissions\":[\"nas:manage\\u0000\"],\"tenant\":\"x\\u0000\"}",
                "{\"rateLimit\":\"10M\\u0000/20M\"}",
                "{\"name\":\"" + "n".repeat(60_000) + "\",\"identifier\":\"" + "i".repeat(3_000) + "\"}",
                "\u00ff\u00fe",
                "[".repeat(5000) + "]".repeat(5000),
                "{\"a\":".repeat(3000) + "1" + "}".repeat(3000)));
        Random random = new Random(42);
        for (int i = 0; i < 30; i++) {
            byte[] noise = new byte[random.nextInt(200)];
            random.nextBytes(noise);
            bodies.add(new String(noise, StandardCharsets.ISO_8859_1));
        }
        List<String> failures = new ArrayList<>();
        for (ApiRoute route : h.api.routes()) {
            if (route.method() != HandlerType.POST && route.method() != HandlerType.PUT) {
                continue;
            }
            for (String body : bodies) {
                var response = h.send(route.method().name(), concrete(route.path()), root, body);
                if (response.status() >= 500 && response.status() != 502 && response.status() != 504) {
                    failures.add(
                            route.key() + " " + body.substring(0, Math.min(40, body.length())) + " -> " + response);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    private List<ApiRoute> bodyRoutes() {
        return h.api.routes().stream()
                // POSTs of an action on a resource carry no body: sync, acknowledge, test, an export's ticket
                .filter(r -> r.method() == HandlerType.PUT
                        || r.method() == HandlerType.POST
                                && !r.path().endsWith("/sync")
                                && !r.path().endsWith("/ticket")
                                && !r.path().endsWith("/acknowledge")
                                && !r.path().endsWith("/test"))
                .toList();
    }

    @Test
    void aControlCharacterInAnyStringOfAnyBodyIs400NamingItsField() throws Exception {
        // non-ASCII escaped, so that a lone surrogate reaches the server as \ud800 instead of being replaced by "?"
        var mapper = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
                .build();
        List<String> failures = new ArrayList<>();
        for (ApiRoute route : bodyRoutes()) {
            var request = h.validRequest(route);
            String path = request.path();
            JsonNode valid = mapper.readTree(request.body());
            List<StringField> fields = new ArrayList<>();
            collectStrings(valid, "", "", fields);
            for (StringField field : fields) {
                for (String hostile : List.of("a\u0000b", "\u0007", "x\u001b[2J", "line\nbreak", "\u0085", "\ud800")) {
                    String body = mapper.writeValueAsString(field.in(valid, hostile));
                    var response = h.send(route.method().name(), path, root, body);
                    if (response.status() != 400
                            || !field.name().equals(response.errorField())
                            || !"invalid_value".equals(response.errorCode())) {
                        failures.add(route.key() + " " + body + " -> " + response);
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /** A string in a JSON body: its name as the API reports it (package.name, permissions[0]) and its pointer. */
    private record StringField(String name, String pointer) {
        JsonNode in(JsonNode body, String value) {
            JsonNode copy = body.deepCopy();
            int cut = pointer.lastIndexOf('/');
            JsonNode parent = copy.at(pointer.substring(0, cut));
            String last = pointer.substring(cut + 1);
            if (parent instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
                object.put(last, value);
            } else {
                ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(last), value);
            }
            return copy;
        }
    }

    private static void collectStrings(JsonNode node, String name, String pointer, List<StringField> out) {
        if (node.isObject()) {
            for (var e : node.properties()) {
                String child = name.isEmpty() ? e.getKey() : name + "." + e.getKey();
                collectStrings(e.getValue(), child, pointer + "/" + e.getKey(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectStrings(node.get(i), name + "[" + i + "]", pointer + "/" + i, out);
            }
        } else if (node.isTextual()) {
            out.add(new StringField(name, pointer));
        }
    }

    @Test
    void aControlCharacterInAPathParameterIs400NamingIt() {
        for (String path : List.of("/api/customers/a%01b", "/api/customers/%1B%5B2J", "/api/customers/x%7F")) {
            for (String method : List.of("GET", "PUT", "DELETE")) {
                var response = h.send(method, path, root, method.equals("PUT") ? "{\"name\":\"A\"}" : null);
                assertThat(response.status())
                        .as(method + " " + path + " -> " + response)
                        .isEqualTo(400);
                assertThat(response.errorField()).isEqualTo("username");
                assertThat(response.errorCode()).isEqualTo("invalid_value");
            }
        }
        assertThat(h.customers.list(ACME, 0, 100)).isEmpty();
    }

    @Test
    void aSearchWithANulIs400NamingSearchInsteadOfAStorageError() {
        assertInvalid("/api/sessions?search=customer%00", "search");
        assertInvalid("/api/sessions?search=%1B%5B2J", "search");
        assertInvalid("/api/sessions?status=active%00", "status");
    }

    @Test
    void aBodyThatIsNotApplicationJsonIs415OnEveryBodyRoute() {
        for (ApiRoute route : bodyRoutes()) {
            var valid = h.validRequest(route);
            for (String type : List.of(
                    "text/plain",
                    "text/plain; charset=utf-8",
                    "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x",
                    "application/xml",
                    "application/jsonp",
                    "application/json; charset=iso-8859-1",
                    "application/json; charset=utf-16",
                    "")) {
                var request = HttpRequest.newBuilder(h.uri(valid.path()))
                        .header("Authorization", "Bearer " + root)
                        .method(route.method().name(), HttpRequest.BodyPublishers.ofString(valid.body()));
                if (!type.isEmpty()) {
                    request.header("Content-Type", type);
                }
                var response = h.send(request.build());
                assertThat(response.status())
                        .as(route.key() + " " + type + " -> " + response)
                        .isEqualTo(415);
                assertThat(response.errorCode()).isEqualTo("unsupported_media_type");
                assertThat(response.json().get("error").get("message").asText()).contains("application/json");
            }
        }
        assertThat(h.nasDirectory.findAll()).extracting(Nas::name).doesNotContain("N");
        assertThat(h.customers.list(ACME, 0, 100)).isEmpty();
        assertThat(h.nasSide.requests).isEmpty();
    }

    @Test
    void applicationJsonIsAcceptedWhateverItsCaseAndWithAUtf8Charset() {
        int n = 0;
        for (String type : List.of(
                "application/json",
                "Application/JSON",
                "application/json; charset=utf-8",
                "application/json;charset=UTF-8",
                "application/json; charset=\"utf-8\"")) {
            var response = h.send(HttpRequest.newBuilder(h.uri("/api/customers/c" + n++))
                    .header("Authorization", "Bearer " + root)
                    .header("Content-Type", type)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"Zoë\"}"))
                    .build());
            assertThat(response.status()).as(type + " -> " + response).isEqualTo(200);
            assertThat(response.json().get("name").asText()).isEqualTo("Zoë");
        }
    }

    @Test
    void malformedJsonIs400InvalidJson() {
        var response = h.send("POST", "/api/tokens", root, "{\"permissions\": [");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_json");
        assertThat(response.errorField()).startsWith("permissions");
        var duplicate = h.send("PUT", "/api/customers/x", root, "{\"name\":\"A\",\"name\":\"B\"}");
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.errorField()).isEqualTo("name");
        var trailing = h.send("PUT", "/api/customers/x", root, "{\"name\":\"A\"} {}");
        assertThat(trailing.status()).isEqualTo(400);
        var deep = h.send("PUT", "/api/customers/x", root, "[".repeat(5000) + "]".repeat(5000));
        assertThat(deep.status()).isEqualTo(400);
    }

    @Test
    void oversizedBodyIs413() {
        var response = h.send("PUT", "/api/customers/x", root, "{\"name\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.errorCode()).isEqualTo("payload_too_large");
    }

    @Test
    void errorMessagesDoNotEchoHugeInput() {
        var response = h.send(
                "POST",
                "/api/nas",
                root,
                "{\"name\":\"A\",\"ipAddress\":\"1." + "1".repeat(10_000) + "\",\"secret\":\"x\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().length()).isLessThan(600);
    }

    // ---- 404, 405 -------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/api/nothing", "/nothing", "/api/sessions/x/y/z", "/api", "/index.html", "/dashboard"})
    void unknownRouteIs404Json(String path) {
        var response = h.get(path, root);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("not_found");
        assertThat(response.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void wrongMethodOnAKnownPathIs405JsonWithAllow() {
        var patch = h.send("PATCH", "/api/sessions", root, "{}");
        assertThat(patch.status()).isEqualTo(405);
        assertThat(patch.errorCode()).isEqualTo("method_not_allowed");
        assertThat(patch.header("Allow")).isEqualTo("GET");
        var put = h.send("PUT", "/api/sessions/" + session.id(), root, "{}");
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.header("Allow")).isEqualTo("DELETE, GET");
        var deleteHealth = h.send("DELETE", "/health/live", null, null);
        assertThat(deleteHealth.status()).isEqualTo(405);
        var postNas = h.send("POST", "/api/nas/" + java.util.UUID.randomUUID(), root, "{}");
        assertThat(postNas.status()).isEqualTo(405);
        assertThat(postNas.header("Allow")).isEqualTo("DELETE, GET, PUT");
    }

    // ---- 500 ------------------------------------------------------------------------------------------------

    @Test
    void aFailingStoreIs500WithACorrelationId() {
        h.failStore(new IllegalStateException("connection refused"));

        var response = h.get("/api/sessions", root);

        assertThat(response.status()).isEqualTo(500);
        JsonNode error = response.json().get("error");
        assertThat(error.get("code").asText()).isEqualTo("internal_error");
        String id = error.get("correlationId").asText();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(error.get("message").asText()).contains(id).doesNotContain("connection refused");
        assertThat(response.header("X-Correlation-Id")).isEqualTo(id);
    }

    @Test
    void aUseCaseThrowingAnyRuntimeExceptionIs500() {
        try (ApiHarness failing = new ApiHarness(ApiHarness.Options.defaults()
                .ports(p -> ReplacedPort.listSessions(p, (ListSessionsUseCase) query -> {
                    throw new NullPointerException("bug");
                })))) {
            var response = failing.get("/api/sessions", failing.token(ACME));
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.json().get("error").get("correlationId").asText())
                    .isNotBlank();
        }
    }

    @Test
    void anErrorThrownByAUseCaseIs500Json() {
        try (ApiHarness failing = new ApiHarness(ApiHarness.Options.defaults()
                .ports(p -> ReplacedPort.listSessions(p, query -> {
                    throw new StackOverflowError("deep");
                })))) {
            var response = failing.get("/api/sessions", failing.token(ACME));
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.errorCode()).isEqualTo("internal_error");
        }
    }

    @Test
    void everyErrorHasTheOneShape() {
        List<ApiHarness.Response> errors = List.of(
                h.get("/api/sessions?page=0", root),
                h.get("/api/sessions", null),
                h.get("/api/sessions", h.token(ACME, io.sessionkeeper.domain.model.Permission.NAS_MANAGE)),
                h.get("/api/sessions/" + java.util.UUID.randomUUID(), root),
                h.send("PATCH", "/api/sessions", root, null),
                h.send("POST", "/api/nas", root, "{\"name\":\"dup\",\"ipAddress\":\"192.168.1.1\",\"secret\":\"x\"}"),
                h.send(HttpRequest.newBuilder(h.uri("/api/sessions"))
                        .header("Authorization", "Bearer " + root)
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build()));
        for (var response : errors) {
            assertThat(response.status()).isBetween(400, 499);
            JsonNode body = response.json();
            assertThat(body.size()).as(response.toString()).isEqualTo(1);
            assertThat(body.get("error").get("code").isTextual()).isTrue();
            assertThat(body.get("error").get("message").isTextual()).isTrue();
        }
    }
}
