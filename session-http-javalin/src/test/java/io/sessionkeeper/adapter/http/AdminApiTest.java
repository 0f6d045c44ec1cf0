package io.sessionkeeper.adapter.http;

import static io.sessionkeeper.adapter.http.ApiHarness.ACME;
import static io.sessionkeeper.adapter.http.ApiHarness.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionkeeper.domain.model.ConnectionType;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasVendor;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** NAS, customers and tokens: what the standalone service needs besides sessions. */
class AdminApiTest {
    private ApiHarness h;

    @BeforeEach
    void start() {
        h = new ApiHarness();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Nested
    class NasAdministration {
        private String admin;

        @BeforeEach
        void token() {
            admin = h.token(ACME, Permission.NAS_MANAGE);
        }

        private ApiHarness.Response register(String body) {
            return h.send("POST", "/api/nas", admin, body);
        }

        @Test
        void registeringWithDefaultsReturns201WithoutTheSecret() {
            var response = register("{\"name\":\"Main Router\",\"ipAddress\":\"192.168.1.1\",\"secret\":\"s3cret\"}");

            assertThat(response.status()).isEqualTo(201);
            JsonNode nas = response.json();
            assertThat(names(nas))
                    .containsExactly(
                            "id",
                            "name",
                            "ipAddress",
                            "coaPort",
                            "vendor",
                            "connectionType",
                            "countersReversed",
                            "identifier",
                            "proxy");
            assertThat(response.body()).doesNotContain("s3cret").doesNotContain("secret");
            assertThat(response.header("Location"))
                    .isEqualTo("/api/nas/" + nas.get("id").asText());
            assertThat(nas.get("name").asText()).isEqualTo("Main Router");
            assertThat(nas.get("ipAddress").asText()).isEqualTo("192.168.1.1");
            assertThat(nas.get("coaPort").asInt()).isEqualTo(3799);
            assertThat(nas.get("vendor").asText()).isEqualTo("other");
            assertThat(nas.get("connectionType").isNull()).isTrue();
            assertThat(nas.get("countersReversed").asBoolean()).isFalse();
            assertThat(nas.get("identifier").isNull()).isTrue();
            assertThat(nas.get("proxy").asBoolean()).isFalse();
            Nas stored = h.nasDirectory
                    .findById(ACME, NasId.parse(nas.get("id").asText()))
                    .orElseThrow();
            assertThat(stored.secret()).isEqualTo("s3cret");
            assertThat(h.lookup.radiusClient(stored.ipAddress())).contains(stored);
        }

        @Test
        void everyFieldIsStoredAndReturned() {
            JsonNode nas = register(
                            "{\"name\":\"Edge\",\"ipAddress\":\"2001:db8::1\",\"secret\":\"x\",\"coaPort\":1700,"
                                    + "\"vendor\":\"mikrotik\",\"connectionType\":\"hotspot\",\"countersReversed\":true,"
                                    + "\"identifier\":\"edge-1\",\"proxy\":true}")
                    .json();
            assertThat(nas.get("ipAddress").asText()).isEqualTo("2001:db8:0:0:0:0:0:1");
            assertThat(nas.get("coaPort").asInt()).isEqualTo(1700);
            assertThat(nas.get("vendor").asText()).isEqualTo("mikrotik");
            assertThat(nas.get("connectionType").asText()).isEqualTo("hotspot");
            assertThat(nas.get("countersReversed").asBoolean()).isTrue();
            assertThat(nas.get("identifier").asText()).isEqualTo("edge-1");
            assertThat(nas.get("proxy").asBoolean()).isTrue();
            Nas stored = h.nasDirectory.findAll().get(0);
            assertThat(stored.vendor()).isEqualTo(NasVendor.MIKROTIK);
            assertThat(stored.connectionTypeOverride()).isEqualTo(ConnectionType.HOTSPOT);
        }

        @Test
        void listGetUpdateAndRemove() {
            String id = register("{\"name\":\"A\",\"ipAddress\":\"10.0.0.1\",\"secret\":\"first\"}")
                    .json()
                    .get("id")
                    .asText();
            register("{\"name\":\"B\",\"ipAddress\":\"10.0.0.2\",\"secret\":\"x\"}");

            JsonNode list = h.get("/api/nas", admin).json();
            assertThat(names(list)).containsExactly("nas");
            assertThat(list.get("nas").size()).isEqualTo(2);
            assertThat(list.toString()).doesNotContain("secret");
            assertThat(h.get("/api/nas/" + id, admin).json().get("name").asText())
                    .isEqualTo("A");

            var kept = h.send("PUT", "/api/nas/" + id, admin, "{\"name\":\"A2\",\"ipAddress\":\"10.0.0.3\"}");
            assertThat(kept.status()).isEqualTo(200);
            assertThat(kept.json().get("name").asText()).isEqualTo("A2");
            assertThat(kept.json().get("ipAddress").asText()).isEqualTo("10.0.0.3");
            assertThat(stored(id).secret()).isEqualTo("first");
            h.send(
                    "PUT",
                    "/api/nas/" + id,
                    admin,
                    "{\"name\":\"A2\",\"ipAddress\":\"10.0.0.3\",\"secret\":\"second\"}");
            assertThat(stored(id).secret()).isEqualTo("second");

            var removed = h.send("DELETE", "/api/nas/" + id, admin, null);
            assertThat(removed.status()).isEqualTo(204);
            assertThat(removed.body()).isEmpty();
            assertThat(h.get("/api/nas/" + id, admin).status()).isEqualTo(404);
            assertThat(h.send("DELETE", "/api/nas/" + id, admin, null).status()).isEqualTo(404);
            assertThat(h.send("PUT", "/api/nas/" + id, admin, "{\"name\":\"A\",\"ipAddress\":\"10.0.0.9\"}")
                            .status())
                    .isEqualTo(404);
        }

        private Nas stored(String id) {
            return h.nasDirectory.findById(ACME, NasId.parse(id)).orElseThrow();
        }

        @Test
        void duplicateIpAddressIs409EvenAcrossTenants() {
            register("{\"name\":\"A\",\"ipAddress\":\"10.0.0.1\",\"secret\":\"x\"}");
            var duplicate = register("{\"name\":\"B\",\"ipAddress\":\"10.0.0.1\",\"secret\":\"x\"}");
            assertThat(duplicate.status()).isEqualTo(409);
            assertThat(duplicate.errorCode()).isEqualTo("conflict");
            String other = h.token(ApiHarness.GLOBEX, Permission.NAS_MANAGE);
            assertThat(h.send("POST", "/api/nas", other, "{\"name\":\"C\",\"ipAddress\":\"10.0.0.1\",\"secret\":\"x\"}")
                            .status())
                    .isEqualTo(409);
        }

        @Test
        void invalidFieldsAre400NamingTheField() {
            assertField("{\"name\":\"A\",\"ipAddress\":\"router.example.com\",\"secret\":\"x\"}", "ipAddress");
            assertField("{\"name\":\"A\",\"ipAddress\":\"300.1.1.1\",\"secret\":\"x\"}", "ipAddress");
            assertField("{\"name\":\"A\",\"secret\":\"x\"}", "ipAddress");
            assertField("{\"ipAddress\":\"10.0.0.1\",\"secret\":\"x\"}", "name");
            assertField("{\"name\":\"  \",\"ipAddress\":\"10.0.0.1\",\"secret\":\"x\"}", "name");
            assertField("{\"name\":\"A\",\"ipAddress\":\"10.0.0.1\"}", "secret");
            assertField("{\"name\":\"A\",\"ipAddress\":\"10.0.0.1\",\"secret\":\"\"}", "secret");
            assertField("{\"name\":\"A\",\"ipAddress\":\"10.0.0.1\",\"secret\":\"x\",\"coaPort\":0}", "coaPort");
            assertField("{\"name\":\"A\",\"ipAddress\":\"10.0.0.1\",\"secret\":\"x\",\"coaPort\":65536}", "coaPort");
            assertField("{\"name\":\"A\",\"ipAddress\":\"10.0.0.1\",\"secret\":\"x\",\"coaPort\":\"3799\"}", "coaPort");
            assertField("{\"name\":\"A\",\"ipAddress\":\"10.0.0.1\",\"secret\":\"x\",\"coaPort\":3799.5}", "coaPort");
            assertField("{\"name\":\"A\",\"ipAddress\":\"10.0.0.1\",\"secret\":\"x\",\"vendor\":\"huawei\"}", "vendor");
            assertField(
                    "{\"name\":\"A\",\"ipAddress\":\"10.0.0.1\",\"secret\":\"x\",\"connectionType\":\"dsl\"}",
                    "connectionType");
            assertField("{\"name\":\"A\",\"ipAddress\":\"10.0.0.1\",\"secret\":\"x\",\"proxy\":\"yes\"}", "proxy");
            assertField(
                    "{\"name\":\"A\",\"ipAddress\":\"10.0.0.1\",\"secret\":\"x\",\"countersReversed\":1}",
                    "countersReversed");
            assertField("{\"name\":\"A\",\"ipAddress\":\"10.0.0.1\",\"secret\":\"x\",\"colour\":\"red\"}", "colour");
            assertField("{\"name\":[\"A\"],\"ipAddress\":\"10.0.0.1\",\"secret\":\"x\"}", "name");
            assertThat(h.nasDirectory.findAll()).isEmpty();
        }

        @Test
        void anAddressThatIsNotOneHostsIs400NamingIpAddressOnPostAndPut() {
            String id = register("{\"name\":\"A\",\"ipAddress\":\"10.0.0.1\",\"secret\":\"x\"}")
                    .json()
                    .get("id")
                    .asText();
            for (String address : List.of(
                    "0.0.0.0",
                    "0.0.0.1",
                    "::",
                    "::ffff:0.0.0.0",
                    "255.255.255.255",
                    "224.0.0.1",
                    "239.1.2.3",
                    "ff02::1",
                    "ff05::1:3")) {
                String body = "{\"name\":\"B\",\"ipAddress\":\"" + address + "\",\"secret\":\"x\"}";
                assertField(body, "ipAddress");
                var put = h.send("PUT", "/api/nas/" + id, admin, body);
                assertThat(put.status()).as(address + " -> " + put).isEqualTo(400);
                assertThat(put.errorField()).isEqualTo("ipAddress");
            }
            assertThat(h.nasDirectory.findAll()).hasSize(1);
            assertThat(h.get("/api/nas/" + id, admin).json().get("ipAddress").asText())
                    .isEqualTo("10.0.0.1");
        }

        @Test
        void loopbackAndLinkLocalAddressesStayAllowed() {
            assertThat(register("{\"name\":\"L\",\"ipAddress\":\"127.0.0.2\",\"secret\":\"x\"}")
                            .status())
                    .isEqualTo(201);
            assertThat(register("{\"name\":\"L6\",\"ipAddress\":\"::1\",\"secret\":\"x\"}")
                            .status())
                    .isEqualTo(201);
            assertThat(register("{\"name\":\"LL\",\"ipAddress\":\"169.254.0.7\",\"secret\":\"x\"}")
                            .status())
                    .isEqualTo(201);
        }

        private void assertField(String body, String field) {
            var response = register(body);
            assertThat(response.status()).as(body + " -> " + response).isEqualTo(400);
            assertThat(response.errorField()).as(body + " -> " + response).isEqualTo(field);
        }

        @Test
        void noAnswerCarriesTheSecretNorDoesTheRequestsToString() {
            String secret = "never-in-an-answer-0815";
            String other = "never-in-an-answer-4711";
            var created = register("{\"name\":\"A\",\"ipAddress\":\"10.0.0.1\",\"secret\":\"" + secret + "\"}");
            String id = created.json().get("id").asText();
            List<ApiHarness.Response> answers = List.of(
                    created,
                    h.get("/api/nas", admin),
                    h.get("/api/nas/" + id, admin),
                    h.send(
                            "PUT",
                            "/api/nas/" + id,
                            admin,
                            "{\"name\":\"A\",\"ipAddress\":\"10.0.0.1\",\"secret\":\"" + other + "\"}"),
                    // refused: a duplicate address, a bad field, a secret too long, JSON cut short, a wrong type
                    register("{\"name\":\"B\",\"ipAddress\":\"10.0.0.1\",\"secret\":\"" + secret + "\"}"),
                    register("{\"name\":\"B\",\"ipAddress\":\"x\",\"secret\":\"" + secret + "\"}"),
                    register("{\"name\":\"B\",\"ipAddress\":\"10.0.0.2\",\"secret\":\"" + secret.repeat(10) + "\"}"),
                    register("{\"name\":\"B\",\"ipAddress\":\"10.0.0.2\",\"secret\":\"" + secret),
                    register("{\"name\":\"B\",\"ipAddress\":\"10.0.0.2\",\"secret\":[\"" + secret + "\"]}"));

            assertThat(answers)
                    .extracting(ApiHarness.Response::status)
                    .containsExactly(201, 200, 200, 200, 409, 400, 400, 400, 400);
            assertThat(answers).allSatisfy(answer -> assertThat(answer.body())
                    .doesNotContain(secret)
                    .doesNotContain(other)
                    .doesNotContain("never-in"));
            assertThat(stored(id).secret()).isEqualTo(other);

            var request = new NasJson.SaveRequest("A", "10.0.0.1", secret, null, null, null, null, null, null);
            assertThat(request.toString()).doesNotContain(secret).contains("secret=(hidden)", "10.0.0.1");
            assertThat(request.toCommand(ACME).toString()).doesNotContain(secret);
        }

        @Test
        void malformedIdIs400() {
            var response = h.get("/api/nas/not-a-uuid", admin);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.errorField()).isEqualTo("id");
        }
    }

    @Nested
    class Customers {
        private String admin;

        @BeforeEach
        void token() {
            admin = h.token(ACME, Permission.CUSTOMERS_MANAGE);
        }

        private ApiHarness.Response put(String username, String body) {
            return h.send("PUT", "/api/customers/" + username, admin, body);
        }

        @Test
        void putCreatesThenReplacesKeepingTheId() {
            var created = put(
                    "customer001",
                    "{\"name\":\"John Doe\",\"phone\":\"+254700000000\",\"email\":\"john@example.com\","
                            + "\"package\":{\"name\":\"10 Mbps Home\",\"downloadSpeed\":10,\"uploadSpeed\":5}}");

            assertThat(created.status()).isEqualTo(200);
            JsonNode c = created.json();
            assertThat(names(c)).containsExactly("id", "username", "name", "phone", "email", "package");
            assertThat(c.get("username").asText()).isEqualTo("customer001");
            assertThat(c.get("name").asText()).isEqualTo("John Doe");
            assertThat(c.get("phone").asText()).isEqualTo("+254700000000");
            assertThat(c.get("email").asText()).isEqualTo("john@example.com");
            assertThat(c.get("package").get("name").asText()).isEqualTo("10 Mbps Home");
            assertThat(c.get("package").get("downloadSpeed").asInt()).isEqualTo(10);
            assertThat(c.get("package").get("uploadSpeed").asInt()).isEqualTo(5);

            JsonNode replaced = put("customer001", "{\"name\":\"John D.\"}").json();
            assertThat(replaced.get("id").asText()).isEqualTo(c.get("id").asText());
            assertThat(replaced.get("name").asText()).isEqualTo("John D.");
            assertThat(replaced.get("phone").isNull()).isTrue();
            assertThat(replaced.get("package").isNull()).isTrue();
            assertThat(h.get("/api/customers/customer001", admin).json()).isEqualTo(replaced);
        }

        @Test
        void sessionsLinkToACustomerRegisteredAfterTheFact() {
            String reader = h.token(ACME, Permission.DASHBOARD_ACTIVE_SESSIONS);
            Nas nas = h.nas(ACME, "Main", "192.168.1.1");
            h.started(nas, "late.user", "L1", NOW.minusSeconds(60));
            assertThat(h.get("/api/sessions", reader)
                            .json()
                            .get("sessions")
                            .get(0)
                            .get("customer")
                            .isNull())
                    .isTrue();

            String id = put("late.user", "{\"name\":\"Late User\",\"phone\":\"+1\"}")
                    .json()
                    .get("id")
                    .asText();

            JsonNode customer =
                    h.get("/api/sessions", reader).json().get("sessions").get(0).get("customer");
            assertThat(customer.get("id").asText()).isEqualTo(id);
            assertThat(customer.get("name").asText()).isEqualTo("Late User");
        }

        @Test
        void listIsPagedByUsernameWithTotals() {
            for (int i = 0; i < 25; i++) {
                put(String.format("user%02d", i), "{\"name\":\"U" + i + "\"}");
            }
            JsonNode first = h.get("/api/customers", admin).json();
            assertThat(names(first)).containsExactly("customers", "total", "page", "pageSize");
            assertThat(first.get("total").asLong()).isEqualTo(25);
            assertThat(first.get("page").asInt()).isEqualTo(1);
            assertThat(first.get("pageSize").asInt()).isEqualTo(20);
            assertThat(first.get("customers").size()).isEqualTo(20);
            assertThat(first.get("customers").get(0).get("username").asText()).isEqualTo("user00");
            JsonNode second = h.get("/api/customers?page=2&pageSize=10", admin).json();
            assertThat(second.get("customers").size()).isEqualTo(10);
            assertThat(second.get("customers").get(0).get("username").asText()).isEqualTo("user10");
            assertThat(h.get("/api/customers?pageSize=101", admin).errorField()).isEqualTo("pageSize");
            assertThat(h.get("/api/customers?page=0", admin).errorField()).isEqualTo("page");
        }

        @Test
        void removeThenGetIs404() {
            put("gone", "{\"name\":\"Gone\"}");
            var removed = h.send("DELETE", "/api/customers/gone", admin, null);
            assertThat(removed.status()).isEqualTo(204);
            assertThat(h.get("/api/customers/gone", admin).status()).isEqualTo(404);
            assertThat(h.send("DELETE", "/api/customers/gone", admin, null).status())
                    .isEqualTo(404);
        }

        @Test
        void usernamesWithUrlEncodedCharactersRoundTrip() {
            var created = put("john%40isp.example", "{\"name\":\"John\"}");
            assertThat(created.json().get("username").asText()).isEqualTo("john@isp.example");
            assertThat(h.get("/api/customers/john@isp.example", admin).status()).isEqualTo(200);
        }

        @Test
        void invalidFieldsAre400NamingTheField() {
            assertField("{}", "name");
            assertField("{\"name\":\" \"}", "name");
            assertField("{\"name\":\"A\",\"package\":{\"name\":\"P\",\"uploadSpeed\":1}}", "package.downloadSpeed");
            assertField(
                    "{\"name\":\"A\",\"package\":{\"name\":\"P\",\"downloadSpeed\":-1,\"uploadSpeed\":1}}",
                    "package.downloadSpeed");
            assertField(
                    "{\"name\":\"A\",\"package\":{\"name\":\"P\",\"downloadSpeed\":\"10\",\"uploadSpeed\":1}}",
                    "package.downloadSpeed");
            assertField("{\"name\":\"A\",\"package\":{\"downloadSpeed\":1,\"uploadSpeed\":1}}", "package.name");
            assertField(
                    "{\"name\":\"A\",\"package\":{\"name\":\"P\",\"downloadSpeed\":1,\"uploadSpeed\":1,\"x\":1}}",
                    "package.x");
            assertField("{\"name\":\"A\",\"username\":\"other\"}", "username");
            assertField("{\"name\":\"A\",\"phone\":7}", "phone");
            assertField("{\"name\":\"A\",\"phone\":\"call me maybe\"}", "phone");
            assertField("{\"name\":\"A\",\"email\":\"not-an-address\"}", "email");
            assertThat(put("x".repeat(254), "{\"name\":\"A\"}").errorField()).isEqualTo("username");
        }

        private void assertField(String body, String field) {
            var response = put("someone", body);
            assertThat(response.status()).as(body + " -> " + response).isEqualTo(400);
            assertThat(response.errorField()).as(body + " -> " + response).isEqualTo(field);
        }
    }

    @Nested
    class Tokens {
        private String admin;

        @BeforeEach
        void token() {
            admin = h.token(ACME, Permission.TOKENS_MANAGE, Permission.DASHBOARD_ACTIVE_SESSIONS);
        }

        @Test
        void issuedTokenIsShownOnceAndWorks() {
            var response = h.send(
                    "POST",
                    "/api/tokens",
                    admin,
                    "{\"name\":\"wallboard\",\"permissions\":[\"dashboard:active_sessions\"]}");

            assertThat(response.status()).isEqualTo(201);
            JsonNode issued = response.json();
            assertThat(names(issued))
                    .containsExactly("token", "id", "name", "tenant", "all", "permissions", "createdAt");
            String secret = issued.get("token").asText();
            assertThat(secret).startsWith("sk_").hasSizeGreaterThanOrEqualTo(3 + 43);
            assertThat(issued.get("name").asText()).isEqualTo("wallboard");
            assertThat(issued.get("tenant").asText()).isEqualTo("acme");
            assertThat(issued.get("all").asBoolean()).isFalse();
            assertThat(issued.get("permissions").toString()).isEqualTo("[\"dashboard:active_sessions\"]");
            assertThat(issued.get("createdAt").asText()).isEqualTo("2026-01-04T14:00:00Z");
            assertThat(response.header("Location"))
                    .isEqualTo("/api/tokens/" + issued.get("id").asText());
            assertThat(h.get("/api/sessions", secret).status()).isEqualTo(200);

            JsonNode list = h.get("/api/tokens", admin).json();
            assertThat(names(list)).containsExactly("tokens");
            assertThat(list.toString()).doesNotContain(secret);
            assertThat(list.get("tokens").size()).isEqualTo(2);
            JsonNode listed = null;
            for (JsonNode token : list.get("tokens")) {
                assertThat(names(token))
                        .containsExactly("id", "name", "tenant", "all", "permissions", "createdAt", "lastUsedAt");
                if (token.get("id").asText().equals(issued.get("id").asText())) {
                    listed = token;
                }
            }
            assertThat(listed).isNotNull();
            assertThat(listed.get("permissions")).isEqualTo(issued.get("permissions"));
            assertThat(listed.get("name")).isEqualTo(issued.get("name"));
        }

        @Test
        void aRevokedTokenIs401AtOnceEvenRightAfterAUse() {
            JsonNode issued = h.send("POST", "/api/tokens", admin, "{\"permissions\":[\"dashboard:active_sessions\"]}")
                    .json();
            String secret = issued.get("token").asText();
            // used: the service's token cache now holds it
            assertThat(h.get("/api/sessions", secret).status()).isEqualTo(200);

            var revoked = h.send("DELETE", "/api/tokens/" + issued.get("id").asText(), admin, null);

            assertThat(revoked.status()).isEqualTo(204);
            assertThat(h.get("/api/sessions", secret).status()).isEqualTo(401);
            assertThat(h.send("DELETE", "/api/tokens/" + issued.get("id").asText(), admin, null)
                            .status())
                    .isEqualTo(404);
        }

        @Test
        void aTokenCannotRevokeATokenHoldingMoreThanItself() {
            String manager = h.token(ACME, Permission.TOKENS_MANAGE);
            String root = h.token(ACME);
            String rootId = h.get("/api/me", root).json().get("id").asText();

            var response = h.send("DELETE", "/api/tokens/" + rootId, manager, null);

            assertThat(response.status()).as(response.toString()).isEqualTo(403);
            assertThat(response.errorCode()).isEqualTo("forbidden");
            assertThat(h.get("/api/me", root).status()).isEqualTo(200);
            String adminId = h.get("/api/me", admin).json().get("id").asText();
            assertThat(h.send("DELETE", "/api/tokens/" + adminId, manager, null).status())
                    .as("admin also holds dashboard:active_sessions")
                    .isEqualTo(403);
            assertThat(h.send("DELETE", "/api/tokens/" + adminId, root, null).status())
                    .isEqualTo(204);
        }

        @Test
        void anotherTenantNeedsTenantsManageOfTheOperatorAndCreatesTheTenant() {
            var refused = h.send(
                    "POST",
                    "/api/tokens",
                    admin,
                    "{\"tenant\":\"newisp\",\"permissions\":[\"dashboard:active_sessions\"]}");
            assertThat(refused.status()).isEqualTo(403);

            String operator = h.token(TenantId.DEFAULT);
            var issued = h.send(
                    "POST",
                    "/api/tokens",
                    operator,
                    "{\"tenant\":\"newisp\",\"permissions\":[\"dashboard:active_sessions\"]}");
            assertThat(issued.status()).isEqualTo(201);
            assertThat(issued.json().get("tenant").asText()).isEqualTo("newisp");
            assertThat(h.tenants.findById(TenantId.of("newisp"))).isPresent();
            String newToken = issued.json().get("token").asText();
            assertThat(h.get("/api/sessions", newToken).json().get("total").asLong())
                    .isZero();
        }

        @Test
        void aTokenOfAnotherTenantHoldingEverythingCannotMintTokensForOtherTenants() {
            String acmeRoot = h.token(ACME);

            var response = h.send(
                    "POST",
                    "/api/tokens",
                    acmeRoot,
                    "{\"tenant\":\"victim\",\"permissions\":[\"dashboard:active_sessions\"]}");

            assertThat(response.status()).as(response.toString()).isEqualTo(403);
            assertThat(response.json().get("error").get("message").asText()).contains("tenants:manage");
            assertThat(h.tenants.findById(TenantId.of("victim"))).isEmpty();
            assertThat(h.get("/api/me", acmeRoot).json().get("permissions").toString())
                    .doesNotContain("tenants:manage");
        }

        @Test
        void tenantsManageCannotBeIssuedToAnotherTenantsToken() {
            String operator = h.token(TenantId.DEFAULT);

            var response = h.send(
                    "POST",
                    "/api/tokens",
                    operator,
                    "{\"tenant\":\"acme\",\"permissions\":[\"tokens:manage\",\"tenants:manage\"]}");

            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.errorField()).isEqualTo("permissions");
            assertThat(response.json().get("error").get("message").asText())
                    .contains("only by tokens of the operator tenant 'default'");
            assertThat(h.tokenStore.findByTenant(ACME)).hasSize(1); // admin only
            var forOperator = h.send("POST", "/api/tokens", operator, "{\"permissions\":[\"tenants:manage\"]}");
            assertThat(forOperator.status()).isEqualTo(201);
        }

        @Test
        void anAllTokenIsIssuedWithStarAndHoldsEveryPermissionOfItsTenant() {
            String root = h.token(ACME);

            var issued = h.send("POST", "/api/tokens", root, "{\"name\":\"second root\",\"permissions\":[\"*\"]}");

            assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
            assertThat(issued.json().get("all").asBoolean()).isTrue();
            List<String> expected = new ArrayList<>();
            for (Permission permission : Permission.values()) {
                if (!permission.operatorOnly()) {
                    expected.add(permission.code());
                }
            }
            List<String> held = new ArrayList<>();
            issued.json().get("permissions").forEach(p -> held.add(p.asText()));
            assertThat(held).containsExactlyElementsOf(expected);
            var refused = h.send("POST", "/api/tokens", admin, "{\"permissions\":[\"*\"]}");
            assertThat(refused.status()).as("only an all token grants all").isEqualTo(403);
            assertField("{\"permissions\":[\"*\",\"nas:manage\"]}", "permissions");
        }

        @Test
        void meTellsATokenItsIdNameTenantPermissionsAndUse() {
            String operator = h.token(TenantId.DEFAULT);
            JsonNode issued = h.send(
                            "POST",
                            "/api/tokens",
                            operator,
                            "{\"tenant\":\"acme\",\"name\":\"reader\",\"permissions\":[\"dashboard:active_sessions\"]}")
                    .json();
            String secret = issued.get("token").asText();

            var me = h.get("/api/me", secret);

            assertThat(me.status()).isEqualTo(200);
            JsonNode body = me.json();
            assertThat(names(body))
                    .containsExactly("id", "name", "tenant", "all", "permissions", "createdAt", "lastUsedAt");
            assertThat(body.get("id").asText()).isEqualTo(issued.get("id").asText());
            assertThat(body.get("name").asText()).isEqualTo("reader");
            assertThat(body.get("tenant").asText()).isEqualTo("acme");
            assertThat(body.get("all").asBoolean()).isFalse();
            assertThat(body.get("permissions").toString()).isEqualTo("[\"dashboard:active_sessions\"]");
            assertThat(body.get("createdAt").asText()).isEqualTo("2026-01-04T14:00:00Z");
            assertThat(body.get("lastUsedAt").asText()).isEqualTo("2026-01-04T14:00:00Z");
            var operatorMe = h.get("/api/me", operator).json();
            assertThat(operatorMe.get("all").asBoolean()).isTrue();
            assertThat(operatorMe.get("permissions").size()).isEqualTo(Permission.values().length);
            assertThat(h.get("/api/me", null).status()).isEqualTo(401);
        }

        @Test
        void lastUseIsShownAndWrittenAtMostOnceAMinute() {
            String reader = h.token(ACME, Permission.DASHBOARD_ACTIVE_SESSIONS);
            String readerId = h.get("/api/me", reader).json().get("id").asText();
            h.clock.advance(java.time.Duration.ofSeconds(50));
            h.get("/api/sessions", reader);
            assertThat(lastUse(readerId)).as("within the minute").isEqualTo("2026-01-04T14:00:00Z");

            h.clock.advance(java.time.Duration.ofSeconds(20));
            h.get("/api/sessions", reader);

            assertThat(lastUse(readerId)).isEqualTo("2026-01-04T14:01:10Z");
        }

        private String lastUse(String id) {
            for (JsonNode token : h.get("/api/tokens", admin).json().get("tokens")) {
                if (token.get("id").asText().equals(id)) {
                    return token.get("lastUsedAt").asText(null);
                }
            }
            throw new AssertionError("no token " + id);
        }

        @Test
        void issueAndRevokeAreInTheAuditWithTheCallerAndItsAddress() {
            String adminId = h.get("/api/me", admin).json().get("id").asText();
            JsonNode issued = h.send(
                            "POST",
                            "/api/tokens",
                            admin,
                            "{\"name\":\"temp\",\"permissions\":[\"dashboard:active_sessions\"]}")
                    .json();
            h.clock.advance(java.time.Duration.ofSeconds(30));
            h.send("DELETE", "/api/tokens/" + issued.get("id").asText(), admin, null);

            var response = h.get("/api/tokens/audit?pageSize=2", admin);

            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            JsonNode page = response.json();
            assertThat(names(page)).containsExactly("events", "total", "page", "pageSize");
            assertThat(page.get("total").asLong()).isEqualTo(3); // admin's own issue, then these two
            JsonNode revoked = page.get("events").get(0);
            JsonNode issue = page.get("events").get(1);
            assertThat(names(revoked)).containsExactly("at", "action", "token", "actor", "note");
            assertThat(revoked.get("action").asText()).isEqualTo("revoked");
            assertThat(revoked.get("at").asText()).isEqualTo("2026-01-04T14:00:30Z");
            assertThat(issue.get("action").asText()).isEqualTo("issued");
            assertThat(issue.get("at").asText()).isEqualTo("2026-01-04T14:00:00Z");
            for (JsonNode event : List.of(revoked, issue)) {
                JsonNode token = event.get("token");
                assertThat(names(token)).containsExactly("id", "name", "tenant", "all", "permissions");
                assertThat(token.get("id").asText()).isEqualTo(issued.get("id").asText());
                assertThat(token.get("name").asText()).isEqualTo("temp");
                assertThat(token.get("tenant").asText()).isEqualTo("acme");
                assertThat(token.get("permissions").toString()).isEqualTo("[\"dashboard:active_sessions\"]");
                JsonNode actor = event.get("actor");
                assertThat(names(actor)).containsExactly("service", "tenant", "tokenId", "clientAddress");
                assertThat(actor.get("service").asBoolean()).isFalse();
                assertThat(actor.get("tenant").asText()).isEqualTo("acme");
                assertThat(actor.get("tokenId").asText()).isEqualTo(adminId);
                assertThat(actor.get("clientAddress").asText()).isEqualTo("127.0.0.1");
            }
            assertThat(h.get("/api/tokens/audit?page=2&pageSize=2", admin)
                            .json()
                            .get("events")
                            .size())
                    .isEqualTo(1);
        }

        @Test
        void theAuditIsTenantScopedAndTheOperatorMaySeeEveryTenant() {
            String operator = h.token(TenantId.DEFAULT);
            String globexRoot = h.send(
                            "POST", "/api/tokens", operator, "{\"tenant\":\"globex\",\"permissions\":[\"*\"]}")
                    .json()
                    .get("token")
                    .asText();

            JsonNode globexView = h.get("/api/tokens/audit", globexRoot).json();
            assertThat(globexView.get("total").asLong()).isEqualTo(1);
            JsonNode byOperator = globexView.get("events").get(0).get("actor");
            assertThat(byOperator.get("tenant").asText()).isEqualTo("default");
            assertThat(byOperator.get("tokenId").isNull())
                    .as("the operator's token is its own business")
                    .isTrue();
            assertThat(byOperator.get("clientAddress").isNull()).isTrue();
            assertThat(h.get("/api/tokens/audit?tenant=acme", globexRoot).status())
                    .isEqualTo(403);
            assertThat(h.get("/api/tokens/audit?tenant=*", globexRoot).status()).isEqualTo(403);
            assertThat(h.get("/api/tokens/audit?tenant=globex", globexRoot).status())
                    .isEqualTo(200);

            JsonNode every = h.get("/api/tokens/audit?tenant=*", operator).json();
            List<String> tenants = new ArrayList<>();
            every.get("events")
                    .forEach(e -> tenants.add(e.get("token").get("tenant").asText()));
            assertThat(tenants).contains("acme", "globex", "default");
            JsonNode acme = h.get("/api/tokens/audit?tenant=acme", operator).json();
            acme.get("events")
                    .forEach(e ->
                            assertThat(e.get("token").get("tenant").asText()).isEqualTo("acme"));
            assertThat(every.get("events").get(0).get("actor").get("tokenId").isNull())
                    .isFalse();
            assertThat(h.get("/api/tokens/audit?tenant=Not%20A%20Tenant", operator)
                            .errorField())
                    .isEqualTo("tenant");
            assertThat(h.get("/api/tokens/audit?pageSize=101", operator).errorField())
                    .isEqualTo("pageSize");
        }

        @Test
        void aCallerCannotGrantWhatItLacks() {
            var response = h.send("POST", "/api/tokens", admin, "{\"permissions\":[\"nas:manage\"]}");
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.errorCode()).isEqualTo("forbidden");
        }

        @Test
        void invalidRequestsAre400NamingTheField() {
            assertField("{\"permissions\":[]}", "permissions");
            assertField("{}", "permissions");
            assertField("{\"permissions\":[\"root\"]}", "permissions");
            assertField("{\"permissions\":\"dashboard:active_sessions\"}", "permissions");
            assertField("{\"permissions\":[1]}", "permissions[0]");
            assertField("{\"tenant\":\"Bad Name\",\"permissions\":[\"dashboard:active_sessions\"]}", "tenant");
            assertField("{\"name\":\"\",\"permissions\":[\"dashboard:active_sessions\"]}", "name");
            assertField("{\"name\":\"a\\u0000b\",\"permissions\":[\"dashboard:active_sessions\"]}", "name");
            assertField(
                    "{\"name\":\"" + "n".repeat(129) + "\",\"permissions\":[\"dashboard:active_sessions\"]}", "name");
            assertField("{\"permissions\":[\"dashboard:active_sessions\"],\"expires\":1}", "expires");
            assertField("[]", "body");
            assertThat(h.send("DELETE", "/api/tokens/xyz", admin, null).errorField())
                    .isEqualTo("id");
            assertThat(h.send("DELETE", "/api/tokens/" + UUID.randomUUID(), admin, null)
                            .status())
                    .isEqualTo(404);
        }

        private void assertField(String body, String field) {
            var response = h.send("POST", "/api/tokens", admin, body);
            assertThat(response.status()).as(body + " -> " + response).isEqualTo(400);
            assertThat(response.errorField()).as(body + " -> " + response).isEqualTo(field);
        }
    }
}
