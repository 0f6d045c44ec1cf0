package io.sessionkeeper.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sessionkeeper.adapter.http.webhook.WebhookSignature;
import io.sessionkeeper.adapter.radius.testing.FreeRadiusServer;
import io.sessionkeeper.adapter.radius.testing.Radclient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Alerts end to end on the packaged jar: radclient reports a session that began 25 hours ago and one over a usage
 * threshold; a webhook (the JDK's HttpServer here) receives both alerts, signed with the secret its registration
 * showed; an AUTO_DISCONNECT rule makes FreeRADIUS, playing the NAS's CoA side, receive a Disconnect-Request, and the
 * alert records its ACK.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsIT {
    private static final String SECRET = "alerts-shared-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dataDir;
    private ServiceProcess service;
    private FreeRadiusServer nasCoa;
    private HttpServer receiver;
    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    private final List<String> signatures = new CopyOnWriteArrayList<>();
    private ApiClient api;
    private String webhookSecret;

    @BeforeAll
    void start() throws Exception {
        Radclient.assumeInstalled();
        FreeRadiusServer.assumeInstalled();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            bodies.add(exchange.getRequestBody().readAllBytes());
            signatures.add(exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        dataDir = ScratchDirectories.create("sessionkeeper-alerts");
        // the receiver is on loopback: the operator allows private targets here
        service = ServiceProcess.start(
                dataDir, Map.of("SESSION_ALERT_SWEEP_INTERVAL", "2s", "SESSION_WEBHOOK_ALLOW_PRIVATE_TARGETS", "true"));
        api = service.api();
        int coaPort = FreeRadiusServer.freePort();
        nasCoa = CoaPeer.start("127.0.0.1", coaPort, "127.0.0.1", SECRET);
        ApiClient.Response nas = api.post("/api/nas", """
                {"name":"Main Router","ipAddress":"127.0.0.1","secret":"%s","vendor":"mikrotik","coaPort":%d}""".formatted(SECRET, coaPort));
        assertThat(nas.status()).as(nas.raw()).isEqualTo(201);
        ApiClient.Response webhook = api.post(
                "/api/webhooks",
                "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\"}");
        assertThat(webhook.status()).as(webhook.raw()).isEqualTo(201);
        webhookSecret = webhook.body().get("secret").asText();
        rule("""
                {"type":"LONG_SESSION","threshold":86400,"action":"NOTIFY_ADMIN",
                 "scope":{"kind":"customer","value":"marathon"}}""");
        rule("""
                {"type":"HIGH_BANDWIDTH","threshold":1000000,"action":"NOTIFY_ADMIN",
                 "scope":{"kind":"customer","value":"heavy"}}""");
        rule("""
                {"type":"LONG_SESSION","threshold":86400,"action":"AUTO_DISCONNECT",
                 "scope":{"kind":"customer","value":"kickme"}}""");
    }

    private void rule(String body) {
        ApiClient.Response created = api.post("/api/alert-rules", body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        if (nasCoa != null) {
            nasCoa.close();
        }
        if (service != null) {
            service.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private void interim(String user, String acctSessionId, long sessionTime, long outputOctets) {
        String packet = """
                Acct-Status-Type = Interim-Update
                User-Name = "%s"
                Acct-Session-Id = "%s"
                NAS-IP-Address = 127.0.0.1
                Framed-Protocol = PPP
                Framed-IP-Address = 10.5.50.%d
                Acct-Session-Time = %d
                Acct-Output-Octets = %d
                Event-Timestamp = %d
                """.formatted(
                        user,
                        acctSessionId,
                        10 + Math.abs(user.hashCode() % 200),
                        sessionTime,
                        outputOctets,
                        Instant.now().getEpochSecond());
        Radclient.Result result = Radclient.accounting(service.radiusPort(), SECRET, packet, "-r", "3", "-t", "3");
        assertThat(result.accountingResponses()).as(result.output()).isEqualTo(1);
    }

    private List<JsonNode> events() {
        return bodies.stream()
                .map(body -> {
                    try {
                        return JSON.readTree(body);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .toList();
    }

    private boolean received(String type, String user) {
        return events().stream()
                .anyMatch(e -> e.get("type").asText().equals(type)
                        && e.get("subject").get("username").asText().equals(user));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void aLongSessionAndAHeavyOneReachTheWebhookSignedAndAutoDisconnectReachesTheNas() throws Exception {
        interim("marathon", "E2E-LONG", 25 * 3600, 1_000);
        interim("heavy", "E2E-HEAVY", 600, 5_000_000);
        interim("kickme", "E2E-KICK", 25 * 3600, 1_000);

        await("the long session's alert", () -> received("alert.fired", "marathon"));
        await("the heavy session's alert", () -> received("alert.fired", "heavy"));
        JsonNode longAlert = events().stream()
                .filter(e -> e.get("subject").get("username").asText().equals("marathon"))
                .findFirst()
                .orElseThrow();
        assertThat(longAlert.get("rule").get("type").asText()).isEqualTo("LONG_SESSION");
        assertThat(longAlert.get("values").get("observed").asLong()).isGreaterThanOrEqualTo(25 * 3600);
        assertThat(longAlert.get("tenant").asText()).isEqualTo("default");
        for (int i = 0; i < bodies.size(); i++) {
            assertThat(WebhookSignature.verify(webhookSecret, signatures.get(i), bodies.get(i)))
                    .as(new String(bodies.get(i), StandardCharsets.UTF_8))
                    .isTrue();
        }

        await("the Disconnect-Request at the NAS", () -> nasCoa.log().contains("kickme"));
        assertThat(nasCoa.log()).contains("Disconnect-Request");
        await("the auto-disconnect's event", () -> received("alert.auto_disconnect", "kickme"));
        JsonNode kicked = events().stream()
                .filter(e -> e.get("type").asText().equals("alert.auto_disconnect"))
                .findFirst()
                .orElseThrow();
        assertThat(kicked.get("disconnect").get("result").asText()).isEqualTo("ack");

        JsonNode alerts = api.get("/api/alerts?status=all").body();
        assertThat(alerts.get("total").asLong()).isGreaterThanOrEqualTo(3);
        JsonNode kickAlert = null;
        for (JsonNode alert : alerts.get("alerts")) {
            if (alert.get("subject").get("username").asText().equals("kickme")) {
                kickAlert = alert;
            }
        }
        assertThat(kickAlert).isNotNull();
        assertThat(kickAlert.get("disconnect").get("result").asText()).isEqualTo("ack");
        // the session's timeline shows the auto-disconnect too: a request no token made, and the NAS's ACK
        String kickedSession = kickAlert.get("subject").get("sessionId").asText();
        ApiClient.Response timeline = api.get("/api/sessions/" + kickedSession + "/timeline");
        assertThat(timeline.status()).as(timeline.raw()).isEqualTo(200);
        List<JsonNode> entries = new java.util.ArrayList<>();
        timeline.body().get("events").forEach(entries::add);
        assertThat(entries)
                .as(timeline.raw())
                .extracting(e -> e.get("type").asText())
                .containsSubsequence("disconnect_requested", "disconnect_result");
        JsonNode requested = entries.stream()
                .filter(e -> e.get("type").asText().equals("disconnect_requested"))
                .findFirst()
                .orElseThrow();
        assertThat(requested.has("requestedBy")).as(timeline.raw()).isFalse();
        JsonNode answered = entries.stream()
                .filter(e -> e.get("type").asText().equals("disconnect_result"))
                .findFirst()
                .orElseThrow();
        assertThat(answered.get("result").asText()).isEqualTo("ack");
        // fired once per rule and subject: the sweeps since did not fire them again
        Thread.sleep(4_500);
        assertThat(events().stream()
                        .filter(e -> e.get("type").asText().equals("alert.fired"))
                        .count())
                .isEqualTo(3);
    }
}
