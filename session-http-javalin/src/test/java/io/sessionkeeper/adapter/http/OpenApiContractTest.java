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
            } else {
                assertThat(op.get("security").get(0).has("bearerAuth"))
                        .as(route.key())
                        .isTrue();
                assertThat(op.get("x-permission").asText())
                        .as(route.key())
                        .isEqualTo(route.permission().code());
                assertThat(op.get("x-rate-limit").asText())
                        .as(route.key())
                        .isEqualTo(route.cost().name().toLowerCase(Locale.ROOT));
                assertThat(op.get("responses").has("401")).isTrue();
                assertThat(op.get("responses").has("403")).isTrue();
                assertThat(op.get("responses").has("429")).isTrue();
                assertThat(op.get("responses").has("503")).as(route.key()).isTrue();
            }
            boolean hasBody = route.method().name().equals("PUT")
                    || (route.method().name().equals("POST") && !route.path().endsWith("/sync"));
            assertThat(op.has("requestBody")).as(route.key() + " body").isEqualTo(hasBody);
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
        dtos.put("Health", OpsRoutes.Health.class);

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
