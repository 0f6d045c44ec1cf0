package io.sessionkeeper.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionkeeper.domain.model.Permission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Alert rules, alerts and webhooks over HTTP (both storages). */
class AlertApiTest {
    private final ApiHarness h = new ApiHarness();
    private final String token = h.token(ApiHarness.ACME, Permission.ALERTS_MANAGE);

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void theSpecificationsRulesAreAcceptedWithTheirAliases() {
        var notify = h.send(
                "POST",
                "/api/alert-rules",
                token,
                "{\"type\":\"LONG_SESSION\",\"threshold\":86400,\"action\":\"NOTIFY_ADMIN\"}");
        assertThat(notify.status()).as(notify.toString()).isEqualTo(201);
        assertThat(notify.json().get("type").asText()).isEqualTo("LONG_SESSION");
        assertThat(notify.json().get("action").asText()).isEqualTo("NOTIFY");
        assertThat(notify.json().get("renotifyHours").asInt()).isEqualTo(24);
        assertThat(notify.header("Location"))
                .isEqualTo("/api/alert-rules/" + notify.json().get("id").asText());

        var disconnect = h.send(
                "POST",
                "/api/alert-rules",
                token,
                "{\"type\":\"HIGH_BANDWIDTH\",\"threshold\":107374182400,\"action\":\"AUTO_DISCONNECT\"}");
        assertThat(disconnect.status()).as(disconnect.toString()).isEqualTo(201);
        assertThat(disconnect.json().get("type").asText()).isEqualTo("HIGH_USAGE");
        assertThat(disconnect.json().get("period").asText()).isEqualTo("SESSION");
        assertThat(disconnect.json().get("action").asText()).isEqualTo("AUTO_DISCONNECT");
        assertThat(h.get("/api/alert-rules", token).json().get("rules").size()).isEqualTo(2);
    }

    @Test
    void rulesThatCannotWorkAreRefusedNamingTheField() {
        var multiDisconnect = h.send(
                "POST",
                "/api/alert-rules",
                token,
                "{\"type\":\"MULTI_SESSION\",\"threshold\":2,\"action\":\"AUTO_DISCONNECT\"}");
        assertThat(multiDisconnect.status()).isEqualTo(400);
        assertThat(multiDisconnect.errorField()).isEqualTo("action");
        var tooShort = h.send("POST", "/api/alert-rules", token, "{\"type\":\"STALE_SESSION\",\"threshold\":5}");
        assertThat(tooShort.errorField()).isEqualTo("threshold");
        var unknown = h.send("POST", "/api/alert-rules", token, "{\"type\":\"QUOTA\",\"threshold\":5}");
        assertThat(unknown.errorField()).isEqualTo("type");
    }

    @Test
    void theWebhookSecretIsShownOnceAndNeverListed() {
        var created =
                h.send("POST", "/api/webhooks", token, "{\"url\":\"http://127.0.0.1:9/hook\",\"description\":\"ops\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String secret = created.json().get("secret").asText();
        assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);
        String id = created.json().get("id").asText();
        assertThat(h.get("/api/webhooks/" + id, token).body())
                .doesNotContain(secret)
                .doesNotContain("secret");
        assertThat(h.get("/api/webhooks", token).body()).doesNotContain(secret);

        var test = h.send("POST", "/api/webhooks/" + id + "/test", token, null);
        assertThat(test.status()).isEqualTo(202);
        JsonNode log = h.get("/api/webhooks/" + id + "/deliveries", token).json();
        assertThat(log.get("total").asLong()).isEqualTo(1);
        assertThat(log.get("deliveries").get(0).get("eventId").asText())
                .isEqualTo(test.json().get("eventId").asText());
        assertThat(log.get("deliveries").get(0).get("status").asText()).isEqualTo("pending");
    }

    @Test
    void aWebhookToAPrivateAddressIsRefusedWhenTheOperatorDoesNotAllowIt() {
        io.sessionkeeper.domain.service.WebhookAdminService strict =
                new io.sessionkeeper.domain.service.WebhookAdminService(
                        h.webhooks,
                        new io.sessionkeeper.adapter.http.webhook.JdkWebhookSender(
                                io.sessionkeeper.adapter.http.webhook.WebhookTargets.system(false), h.clock),
                        io.sessionkeeper.domain.service.AlertPolicy.DEFAULT,
                        h.clock);
        try (ApiHarness guarded = new ApiHarness(ApiHarness.Options.defaults()
                .ports(p -> new DrivingPorts(
                        p.authenticate(),
                        p.listSessions(),
                        p.getSession(),
                        p.statistics(),
                        p.cleanup(),
                        p.terminate(),
                        p.changeRateLimit(),
                        p.nas(),
                        p.customers(),
                        p.tokens(),
                        p.tenant(),
                        p.history(),
                        new DrivingPorts.Alerting(
                                p.alerting().rules(), p.alerting().alerts(), strict),
                        p.quality(),
                        p.analytics())))) {
            String guardedToken = guarded.token(ApiHarness.ACME, Permission.ALERTS_MANAGE);
            for (String url : new String[] {
                "http://127.0.0.1:8080/api/sessions", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/"
            }) {
                var refused = guarded.send("POST", "/api/webhooks", guardedToken, "{\"url\":\"" + url + "\"}");
                assertThat(refused.status()).as(url).isEqualTo(400);
                assertThat(refused.errorField()).isEqualTo("url");
            }
            var userInfo = guarded.send(
                    "POST", "/api/webhooks", guardedToken, "{\"url\":\"https://user:pw@hooks.example.com/\"}");
            assertThat(userInfo.errorField()).isEqualTo("url");
        }
    }

    @Test
    void alertsAreListedByStatusAndAcknowledged() {
        String alertId = h.alert();
        JsonNode open = h.get("/api/alerts?status=open", token).json();
        assertThat(open.get("total").asLong()).isEqualTo(1);
        assertThat(open.get("alerts").get(0).get("status").asText()).isEqualTo("open");
        assertThat(h.get("/api/alerts?status=resolved", token)
                        .json()
                        .get("total")
                        .asLong())
                .isZero();
        assertThat(h.get("/api/alerts?status=bogus", token).errorField()).isEqualTo("status");

        var acknowledged = h.send("POST", "/api/alerts/" + alertId + "/acknowledge", token, null);
        assertThat(acknowledged.status()).isEqualTo(200);
        assertThat(acknowledged.json().get("acknowledged").get("at").asText()).isNotEmpty();
        assertThat(h.get("/api/alerts?acknowledged=false", token)
                        .json()
                        .get("total")
                        .asLong())
                .isZero();
    }

    @Test
    void thePreviewSaysWhichRuleTypesItCannotReplay() {
        var silent = h.send("POST", "/api/alert-rules/preview", token, "{\"type\":\"NAS_SILENT\",\"threshold\":3600}");
        assertThat(silent.status()).isEqualTo(200);
        assertThat(silent.json().get("supported").asBoolean()).isFalse();
        assertThat(silent.json().get("reason").asText()).isNotEmpty();
        var nas = h.nas(ApiHarness.ACME, "R", "192.0.2.77");
        h.track(io.sessionkeeper.domain.testing.Fixtures.interim(nas, "alice", "A1", ApiHarness.NOW, 25 * 3600));
        var longer =
                h.send("POST", "/api/alert-rules/preview", token, "{\"type\":\"LONG_SESSION\",\"threshold\":86400}");
        assertThat(longer.json().get("supported").asBoolean()).isTrue();
        assertThat(longer.json().get("fired").asLong()).isEqualTo(1);
        assertThat(h.get("/api/alert-rules", token).json().get("rules").size()).isZero();
    }
}
