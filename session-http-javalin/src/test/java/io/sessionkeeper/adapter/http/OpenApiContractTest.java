package io.sessionkeeper.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The OpenAPI document against what the server really does: the same routes (both ways), the same query
 * parameters, permissions and rate-limit classes per route, and the same JSON property names per schema as the
 * DTO records Jackson writes. A route or field added without its documentation fails the build.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final ObjectMapper MAPPER = Json.strictMapper();

    private ApiHarness h;
    private JsonNode doc;

    @BeforeAll
    void start() throws Exception {
        h = new ApiHarness();
        doc = MAPPER.readTree(OpsRoutes.openApiDocument());
    }

    @AfterAll
    void stop() {
        h.close();
    }

    private List<String> documentedRoutes() {
        List<String> routes = new ArrayList<>();
        for (var path : doc.get("paths").properties()) {
            for (String method : iterable(path.getValue().fieldNames())) {
                if (METHODS.contains(method)) {
                    routes.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return routes.stream().sorted().toList();
    }

    private JsonNode operation(ApiRoute route) {
        return doc.get("paths").get(route.path()).get(route.method().name().toLowerCase(Locale.ROOT));
    }

    @Test
    void documentIsOpenApi3() {
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.get("info").get("title").asText()).isNotBlank();
        assertThat(doc.at("/components/securitySchemes/bearerAuth/scheme").asText())
                .isEqualTo("bearer");
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndEveryDocumentedRouteIsRegistered() {
        List<String> registered = h.api.registeredRoutes();
        List<String> documented = documentedRoutes();

        assertThat(registered).as("registered but not documented").isSubsetOf(documented);
        assertThat(documented).as("documented but not registered").isSubsetOf(registered);
        assertThat(registered).hasSameSizeAs(documented).hasSize(h.api.routes().size());
    }

    @Test
    void queryParametersPermissionsAndRateLimitClassesMatch() {
        for (ApiRoute route : h.api.routes()) {
            JsonNode op = operation(route);
            Set<String> query = new TreeSet<>();
            Set<String> path = new TreeSet<>();
            op.path("parameters").forEach(p -> {
                if (p.get("in").asText().equals("query")) {
                    query.add(p.get("name").asText());
                } else if (p.get("in").asText().equals("path")) {
                    path.add(p.get("name").asText());
                }
            });
            assertThat(query).as(route.key() + " query parameters").isEqualTo(new TreeSet<>(route.queryParams()));
            Set<String> pathParams = new TreeSet<>();
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(route.path());
            while (m.find()) {
                pathParams.add(m.group(1));
            }
            assertThat(path).as(route.key() + " path parameters").isEqualTo(pathParams);
            if (route.isPublic()) {
                assertThat(op.get("security").size()).as(route.key()).isZero();
                assertThat(op.has("x-permission")).as(route.key()).isFalse();
            } else if (route.guard() == ApiRoute.Guard.TICKET) {
                // no token: the ticket in the query admits the request
                assertThat(op.get("security").size()).as(route.key()).isZero();
                assertThat(op.has("x-permission")).as(route.key()).isFalse();
                assertThat(query).as(route.key()).contains("ticket");
                assertThat(op.get("responses").has("401")).as(route.key()).isTrue();
                assertThat(op.get("responses").has("429")).as(route.key()).isTrue();
            } else {
                assertThat(op.get("security").get(0).has("bearerAuth"))
                        .as(route.key())
                        .isTrue();
                if (route.permission() == null) {
                    // any valid token will do: nothing to be refused for
                    assertThat(op.has("x-permission")).as(route.key()).isFalse();
                    assertThat(op.get("responses").has("403")).as(route.key()).isFalse();
                } else {
                    assertThat(op.get("x-permission").asText())
                            .as(route.key())
                            .isEqualTo(route.permission().code());
                    assertThat(op.get("responses").has("403")).isTrue();
                }
                assertThat(op.get("x-rate-limit").asText())
                        .as(route.key())
                        .isEqualTo(route.cost().name().toLowerCase(Locale.ROOT));
                assertThat(op.get("responses").has("401")).isTrue();
                assertThat(op.get("responses").has("429")).isTrue();
                assertThat(op.get("responses").has("503")).as(route.key()).isTrue();
            }
            // POSTs of an action on a resource carry no body: sync, acknowledge, test, an export's ticket
            boolean hasBody = route.method().name().equals("PUT")
                    || (route.method().name().equals("POST")
                            && !route.path().endsWith("/sync")
                            && !route.path().endsWith("/ticket")
                            && !route.path().endsWith("/acknowledge")
                            && !route.path().endsWith("/test"));
            assertThat(op.has("requestBody")).as(route.key() + " body").isEqualTo(hasBody);
            if (hasBody) {
                assertThat(op.get("responses").has("415"))
                        .as(route.key() + " 415")
                        .isTrue();
            }
        }
    }

    @Test
    void schemasListExactlyThePropertiesTheDtosCarry() {
        Map<String, Class<?>> dtos = new TreeMap<>();
        dtos.put("Error", ErrorJson.Body.class);
        dtos.put("ErrorDetail", ErrorJson.Detail.class);
        dtos.put("CustomerRef", SessionJson.CustomerRef.class);
        dtos.put("NasRef", SessionJson.NasRef.class);
        dtos.put("SessionSummary", SessionJson.Summary.class);
        dtos.put("SessionDetail", SessionJson.Detail.class);
        dtos.put("SessionList", SessionJson.ListResponse.class);
        dtos.put("Package", SessionJson.PackageJson.class);
        dtos.put("CustomerDetail", SessionJson.CustomerDetail.class);
        dtos.put("SessionStats", SessionJson.Stats.class);
        dtos.put("SyncResult", SessionJson.Sync.class);
        dtos.put("NasAnswer", SessionJson.NasAnswer.class);
        dtos.put("TerminateResult", SessionJson.Terminate.class);
        dtos.put("RateLimitRequest", SessionJson.RateLimitRequest.class);
        dtos.put("RateLimitResult", SessionJson.RateLimitResponse.class);
        dtos.put("Nas", NasJson.View.class);
        dtos.put("NasSave", NasJson.SaveRequest.class);
        dtos.put("NasList", NasJson.ListResponse.class);
        dtos.put("Customer", CustomerJson.View.class);
        dtos.put("CustomerPut", CustomerJson.PutRequest.class);
        dtos.put("CustomerPage", CustomerJson.Page.class);
        dtos.put("TokenIssue", TokenJson.IssueRequest.class);
        dtos.put("TokenIssued", TokenJson.Issued.class);
        dtos.put("Token", TokenJson.View.class);
        dtos.put("TokenList", TokenJson.ListResponse.class);
        dtos.put("TokenAuditToken", TokenJson.AuditToken.class);
        dtos.put("TokenAuditActor", TokenJson.AuditActor.class);
        dtos.put("TokenAuditEvent", TokenJson.AuditEvent.class);
        dtos.put("TokenAuditPage", TokenJson.AuditPage.class);
        dtos.put("Health", OpsRoutes.Health.class);
        dtos.put("Tenant", TenantJson.View.class);
        dtos.put("TenantSettings", TenantJson.SettingsRequest.class);
        dtos.put("TimelinePage", TimelineJson.Page.class);
        dtos.put("TimelineEvent", TimelineJson.Event.class);
        dtos.put("TimelineToken", TimelineJson.TokenRef.class);
        dtos.put("Bandwidth", BandwidthRoutes.Response.class);
        dtos.put("BandwidthPoint", BandwidthRoutes.Point.class);
        dtos.put("QualityPush", QualityRoutes.PushRequest.class);
        dtos.put("QualityReading", QualityRoutes.ReadingJson.class);
        dtos.put("QualityPushResult", QualityRoutes.PushResponse.class);
        dtos.put("Quality", QualityRoutes.Response.class);
        dtos.put("QualityRate", QualityRoutes.Rate.class);
        dtos.put("QualityPoint", QualityRoutes.Point.class);
        dtos.put("QualityMeasured", QualityRoutes.Measured.class);
        dtos.put("AlertScope", AlertJson.Scope.class);
        dtos.put("AlertRuleSave", AlertJson.RuleRequest.class);
        dtos.put("AlertRule", AlertJson.RuleView.class);
        dtos.put("AlertRuleList", AlertJson.RuleList.class);
        dtos.put("AlertRulePreview", AlertJson.Preview.class);
        dtos.put("AlertSubject", AlertJson.Subject.class);
        dtos.put("AlertAcknowledgement", AlertJson.Acknowledgement.class);
        dtos.put("AlertDisconnect", AlertJson.Disconnect.class);
        dtos.put("Alert", AlertJson.AlertView.class);
        dtos.put("AlertList", AlertJson.AlertList.class);
        dtos.put("WebhookSave", AlertJson.WebhookRequest.class);
        dtos.put("Webhook", AlertJson.WebhookView.class);
        dtos.put("WebhookCreated", AlertJson.CreatedView.class);
        dtos.put("WebhookList", AlertJson.WebhookList.class);
        dtos.put("WebhookDelivery", AlertJson.DeliveryView.class);
        dtos.put("WebhookDeliveryList", AlertJson.DeliveryList.class);
        dtos.put("WebhookTestFired", AlertJson.TestFired.class);
        dtos.put("ExportTicket", ExportRoutes.TicketJson.class);
        dtos.put("PeakTimes", AnalyticsRoutes.PeakTimesJson.class);
        dtos.put("PeakHour", AnalyticsRoutes.HourAverage.class);
        dtos.put("PeakWeekday", AnalyticsRoutes.WeekdayRow.class);
        dtos.put("Peak", AnalyticsRoutes.Peak.class);
        dtos.put("TopUsers", AnalyticsRoutes.TopUsersJson.class);
        dtos.put("TopUser", AnalyticsRoutes.TopUser.class);
        dtos.put("MultiDevice", AnalyticsRoutes.MultiDeviceJson.class);
        dtos.put("SuspiciousUser", AnalyticsRoutes.SuspiciousUser.class);
        dtos.put("DeviceSession", AnalyticsRoutes.DeviceSessionJson.class);
        dtos.put("SessionComparison", AnalyticsRoutes.ComparisonJson.class);
        dtos.put("CurrentSession", AnalyticsRoutes.CurrentSession.class);
        dtos.put("AverageSession", AnalyticsRoutes.AverageSession.class);
        dtos.put("SessionPercentile", AnalyticsRoutes.PercentileJson.class);
        dtos.put("NasHealthList", AnalyticsRoutes.NasHealthList.class);
        dtos.put("NasHealth", AnalyticsRoutes.NasHealthJson.class);
        dtos.put("NasPacketMinute", AnalyticsRoutes.MinutePackets.class);
        dtos.put("AddressLookup", AddressRoutes.Response.class);
        dtos.put("AddressHolder", AddressRoutes.Holder.class);

        JsonNode schemas = doc.get("components").get("schemas");
        assertThat(new TreeSet<>(iterable(schemas.fieldNames()))).isEqualTo(dtos.keySet());
        dtos.forEach((name, type) -> {
            BeanDescription description = MAPPER.getSerializationConfig().introspect(MAPPER.constructType(type));
            List<String> javaNames = description.findProperties().stream()
                    .map(BeanPropertyDefinition::getName)
                    .toList();
            List<String> documented =
                    iterable(schemas.get(name).get("properties").fieldNames());
            assertThat(documented).as(name).containsExactlyInAnyOrderElementsOf(javaNames);
        });
    }

    /** A string the API accepts: where it goes (query, path or body), its name and its documented schema. */
    private record Input(ApiRoute route, String in, String name, JsonNode schema) {
        int maxLength() {
            return schema.get("maxLength").asInt();
        }

        @Override
        public String toString() {
            return route.key() + " " + in + " " + name;
        }
    }

    private List<Input> stringInputs() {
        List<Input> inputs = new ArrayList<>();
        for (ApiRoute route : h.api.routes()) {
            JsonNode op = operation(route);
            op.path("parameters").forEach(p -> {
                if (p.get("schema").path("type").asText().equals("string")) {
                    inputs.add(
                            new Input(route, p.get("in").asText(), p.get("name").asText(), p.get("schema")));
                }
            });
            JsonNode body = op.path("requestBody")
                    .path("content")
                    .path("application/json")
                    .path("schema");
            if (!body.isMissingNode()) {
                collectStrings(route, resolve(body), "", inputs);
            }
        }
        return inputs;
    }

    private JsonNode resolve(JsonNode schema) {
        return schema.has("$ref") ? doc.at(schema.get("$ref").asText().substring(1)) : schema;
    }

    private void collectStrings(ApiRoute route, JsonNode schema, String prefix, List<Input> out) {
        for (var property : schema.path("properties").properties()) {
            String name = prefix + property.getKey();
            JsonNode value = resolve(property.getValue());
            switch (value.path("type").asText()) {
                case "string" -> out.add(new Input(route, "body", name, value));
                case "object" -> collectStrings(route, value, name + ".", out);
                case "array" -> {
                    JsonNode items = resolve(value.get("items"));
                    if (items.path("type").asText().equals("string")) {
                        out.add(new Input(route, "body", name + "[0]", items));
                    }
                }
                default -> {}
            }
        }
    }

    @Test
    void everyStringTheApiAcceptsHasAMaximumLengthOrIsAnEnumeration() {
        List<Input> inputs = stringInputs();
        assertThat(inputs).hasSizeGreaterThan(20);
        for (Input input : inputs) {
            assertThat(input.schema().has("maxLength") || input.schema().has("enum"))
                    .as(input + " needs maxLength (or enum) in openapi.json")
                    .isTrue();
        }
    }

    /**
     * Each documented maximum is the one the server enforces: one character more is a 400 naming the field, the
     * maximum itself is not refused for that field (it may still be refused for another reason, a 404 for an id).
     */
    @Test
    void everyDocumentedMaximumLengthIsTheEnforcedOne() throws Exception {
        String root = h.token(ApiHarness.ACME);
        List<String> failures = new ArrayList<>();
        for (Input input : stringInputs()) {
            if (!input.schema().has("maxLength")) {
                continue;
            }
            int max = input.maxLength();
            String tooLong = sample(input.name(), max + 1);
            var over = probe(root, input, tooLong == null ? "a".repeat(max + 1) : tooLong);
            if (over.status() != 400 || !input.name().equals(over.errorField())) {
                failures.add(input + " with " + (max + 1) + " characters -> " + over);
            }
            String atMax = sample(input.name(), max);
            if (atMax != null) {
                var response = probe(root, input, atMax);
                if (response.status() == 400 && input.name().equals(response.errorField())
                        || response.status() >= 500) {
                    failures.add(input + " with " + max + " characters -> " + response);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /** A value of {@code length} characters that is otherwise valid for the input, or null when none exists. */
    private static String sample(String name, int length) {
        return switch (name) {
            case "phone", "rateLimit" -> "1".repeat(length);
            case "email" -> "a".repeat(length - 12) + "@example.com";
            case "ipAddress", "ip" -> "0".repeat(length - 45) + "0000:0000:0000:0000:0000:ffff:192.168.100.200";
            case "url" -> "http://127.0.0.1:9/" + "a".repeat(length - 19);
            case "id", "customerId", "nasId", "ruleId" ->
                length == 36 ? java.util.UUID.randomUUID().toString() : "x".repeat(length);
            case "timeZone" -> null; // no zone name is 64 characters long
            case "startDate", "endDate" -> length == 10 ? "2026-01-31" : "2".repeat(length);
            case "from", "to", "at" -> length == 35 ? "2026-01-04T13:00:00.000000000+00:00" : "2".repeat(length);
            default -> "a".repeat(length);
        };
    }

    /** {@code path} with {@code name=value} in its query, in place of any value it had there. */
    private static String withQuery(String path, String name, String value) {
        int question = path.indexOf('?');
        StringBuilder url = new StringBuilder(question < 0 ? path : path.substring(0, question)).append('?');
        if (question >= 0) {
            for (String pair : path.substring(question + 1).split("&")) {
                if (!pair.startsWith(name + "=")) {
                    url.append(pair).append('&');
                }
            }
        }
        return url.append(name).append('=').append(value).toString();
    }

    private ApiHarness.Response probe(String token, Input input, String value) throws Exception {
        ApiHarness.ValidRequest valid = h.validRequest(input.route());
        String method = input.route().method().name();
        String encoded = java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
        return switch (input.in()) {
            case "query" -> h.send(method, withQuery(valid.path(), input.name(), encoded), token, valid.body());
            case "path" -> {
                String concrete = input.route().path().replace("{" + input.name() + "}", encoded);
                String[] template = input.route().path().split("/");
                String[] actual = valid.path().split("/");
                for (int i = 0; i < template.length; i++) {
                    if (template[i].startsWith("{") && !template[i].equals("{" + input.name() + "}")) {
                        concrete = concrete.replace(template[i], actual[i]);
                    }
                }
                yield h.send(method, concrete, token, valid.body());
            }
            default -> {
                com.fasterxml.jackson.databind.node.ObjectNode body =
                        (com.fasterxml.jackson.databind.node.ObjectNode) MAPPER.readTree(valid.body());
                String[] path = input.name().replace("[0]", "").split("\\.");
                com.fasterxml.jackson.databind.node.ObjectNode parent = body;
                for (int i = 0; i < path.length - 1; i++) {
                    parent = (com.fasterxml.jackson.databind.node.ObjectNode) parent.get(path[i]);
                }
                String last = path[path.length - 1];
                if (input.name().endsWith("[0]")) {
                    parent.putArray(last).add(value);
                } else {
                    parent.put(last, value);
                }
                yield h.send(method, valid.path(), token, MAPPER.writeValueAsString(body));
            }
        };
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    @Test
    void theServerServesTheDocument() throws Exception {
        var response = h.get("/openapi.json", null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(MAPPER.readTree(response.body())).isEqualTo(doc);
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            for (var e : node.properties()) {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
