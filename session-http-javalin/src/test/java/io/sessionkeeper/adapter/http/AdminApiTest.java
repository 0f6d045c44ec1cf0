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
            var response = h.send("POST", "/api/tokens", admin, "{\"permissions\":[\"dashboard:active_sessions\"]}");

            assertThat(response.status()).isEqualTo(201);
            JsonNode issued = response.json();
            assertThat(names(issued)).containsExactly("token", "id", "tenant", "permissions", "createdAt");
            String secret = issued.get("token").asText();
            assertThat(secret).startsWith("sk_").hasSizeGreaterThanOrEqualTo(3 + 43);
            assertThat(issued.get("tenant").asText()).isEqualTo("acme");
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
                assertThat(names(token)).containsExactly("id", "tenant", "permissions", "createdAt");
                if (token.get("id").asText().equals(issued.get("id").asText())) {
                    listed = token;
                }
            }
            assertThat(listed).isNotNull();
            assertThat(listed.get("permissions")).isEqualTo(issued.get("permissions"));
        }

        @Test
        void revokedTokenIs401() {
            JsonNode issued = h.send("POST", "/api/tokens", admin, "{\"permissions\":[\"dashboard:active_sessions\"]}")
                    .json();
            String secret = issued.get("token").asText();

            var revoked = h.send("DELETE", "/api/tokens/" + issued.get("id").asText(), admin, null);

            assertThat(revoked.status()).isEqualTo(204);
            assertThat(h.get("/api/sessions", secret).status()).isEqualTo(401);
            assertThat(h.send("DELETE", "/api/tokens/" + issued.get("id").asText(), admin, null)
                            .status())
                    .isEqualTo(404);
        }

        @Test
        void anotherTenantNeedsTenantsManageAndCreatesTheTenant() {
            var refused = h.send(
                    "POST",
                    "/api/tokens",
                    admin,
                    "{\"tenant\":\"newisp\",\"permissions\":[\"dashboard:active_sessions\"]}");
            assertThat(refused.status()).isEqualTo(403);

            String root = h.token(ACME);
            var issued = h.send(
                    "POST",
                    "/api/tokens",
                    root,
                    "{\"tenant\":\"newisp\",\"permissions\":[\"dashboard:active_sessions\"]}");
            assertThat(issued.status()).isEqualTo(201);
            assertThat(issued.json().get("tenant").asText()).isEqualTo("newisp");
            assertThat(h.tenants.findById(TenantId.of("newisp"))).isPresent();
            String newToken = issued.json().get("token").asText();
            assertThat(h.get("/api/sessions", newToken).json().get("total").asLong())
                    .isZero();
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
