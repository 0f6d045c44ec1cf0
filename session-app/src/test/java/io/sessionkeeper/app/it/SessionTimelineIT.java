package io.sessionkeeper.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionkeeper.adapter.radius.testing.FreeRadiusServer;
import io.sessionkeeper.adapter.radius.testing.Radclient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The session timeline on the packaged jar: radclient sends a Start and an Interim-Update, a rate-limit change and a DELETE go to a
 * FreeRADIUS server playing the router's CoA side ({@link CoaPeer}), and {@code GET /api/sessions/{id}/timeline}
 * shows the start, the speed change with its answer, the disconnect request by the token that asked and its answer,
 * and the end, in that order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionTimelineIT {
    private static final String SECRET = "timeline-shared-secret";
    private ServiceProcess service;
    private FreeRadiusServer nasCoa;
    private ApiClient api;

    @BeforeAll
    void start() throws Exception {
        Radclient.assumeInstalled();
        FreeRadiusServer.assumeInstalled();
        service = ServiceProcess.start(
                ScratchDirectories.create("sessionkeeper-timeline"), Map.of("SESSION_USAGE_JOB_INTERVAL", "1s"));
        api = service.api();
        int coaPort = FreeRadiusServer.freePort();
        nasCoa = CoaPeer.start("127.0.0.1", coaPort, "127.0.0.1", SECRET);
        ApiClient.Response nas = api.post("/api/nas", """
                {"name":"Main Router","ipAddress":"127.0.0.1","secret":"%s","vendor":"mikrotik","coaPort":%d}""".formatted(SECRET, coaPort));
        assertThat(nas.status()).as(nas.raw()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        if (nasCoa != null) {
            nasCoa.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theUsageJobAndTheAlertHandOffShowTheirFiguresInMetrics() throws Exception {
        // NaN until the first round of the usage job (every second here): then the rows of the default partition
        // (none: every sample's day has its partition) and the time of the round, which moves on
        double inDefault = Double.NaN;
        for (int i = 0; i < 100 && Double.isNaN(inDefault); i++) {
            inDefault = metric("sessionkeeper_usage_samples_default_partition");
            Thread.sleep(100);
        }
        assertThat(inDefault).as("samples in the default partition").isZero();
        double round = metric("sessionkeeper_usage_history_last_round_seconds");
        assertThat(round).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(30.0));
        Thread.sleep(2_500);
        assertThat(metric("sessionkeeper_usage_history_last_round_seconds")).isGreaterThan(round);
        assertThat(metric("sessionkeeper_alerts_handoff_dropped_total")).isZero();
        // the queue of usage samples after a round's fold: nothing left, nothing set aside
        assertThat(metric("sessionkeeper_usage_samples_queued_batches")).isZero();
        assertThat(metric("sessionkeeper_usage_samples_rejected_batches")).isZero();
    }

    /** The value of the series of /metrics named {@code name} (without labels); NaN when it is not there. */
    private double metric(String name) {
        for (String line : api.get("/metrics").raw().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    @Test
    void startSpeedChangeAndDisconnectAppearInTheTimelineInOrder() {
        long start = Instant.now().getEpochSecond() - 600;
        Radclient.Result sent =
                Radclient.accounting(service.radiusPort(), SECRET, """
                Acct-Status-Type = Start
                User-Name = "carol"
                Acct-Session-Id = "8100005E"
                NAS-IP-Address = 127.0.0.1
                Framed-Protocol = PPP
                Framed-IP-Address = 10.5.50.103
                Event-Timestamp = %d
                """.formatted(start), "-r", "3", "-t", "3");
        assertThat(sent.accountingResponses()).as(sent.output()).isEqualTo(1);
        Radclient.Result interim =
                Radclient.accounting(service.radiusPort(), SECRET, """
                Acct-Status-Type = Interim-Update
                User-Name = "carol"
                Acct-Session-Id = "8100005E"
                NAS-IP-Address = 127.0.0.1
                Framed-Protocol = PPP
                Framed-IP-Address = 10.5.50.103
                Acct-Session-Time = 300
                Acct-Output-Octets = 37500000
                Acct-Input-Octets = 3750000
                Event-Timestamp = %d
                """.formatted(start + 300), "-r", "3", "-t", "3");
        assertThat(interim.accountingResponses()).as(interim.output()).isEqualTo(1);
        JsonNode listed = api.get("/api/sessions?status=active&search=carol").body();
        String id = listed.get("sessions").get(0).get("id").asText();
        // the interim's sample is readable once folded, about a second after its answer (ADR 67)
        api.getUntil(
                "/api/sessions/" + id + "/timeline",
                r -> r.status() == 200 && r.raw().contains("\"interim_update\""),
                Duration.ofSeconds(15));

        ApiClient.Response speed = api.post("/api/sessions/" + id + "/rate-limit", "{\"rateLimit\":\"10M/20M\"}");
        assertThat(speed.status()).as(speed.raw()).isEqualTo(200);
        ApiClient.Response deleted = api.delete("/api/sessions/" + id);
        assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);

        ApiClient.Response timeline = api.get("/api/sessions/" + id + "/timeline");
        assertThat(timeline.status()).as(timeline.raw()).isEqualTo(200);
        List<String> types = new ArrayList<>();
        timeline.body().get("events").forEach(e -> types.add(e.get("type").asText()));
        assertThat(types)
                .containsExactly(
                        "session_started",
                        "interim_update",
                        "speed_changed",
                        "disconnect_requested",
                        "disconnect_result",
                        "session_ended");
        JsonNode events = timeline.body().get("events");
        assertThat(Instant.parse(events.get(0).get("time").asText())).isEqualTo(Instant.ofEpochSecond(start));
        assertThat(events.get(0).get("framedIp").asText()).isEqualTo("10.5.50.103");
        // the interim is the sample the accounting path wrote: 37.5 MB in 300 s is 1,000 kbit/s down
        assertThat(events.get(1).get("bytesIn").asLong()).isEqualTo(37_500_000L);
        assertThat(events.get(1).get("bytesOut").asLong()).isEqualTo(3_750_000L);
        assertThat(events.get(1).get("downloadKbps").asDouble()).isEqualTo(1000.0);
        assertThat(events.get(1).get("uploadKbps").asDouble()).isEqualTo(100.0);
        assertThat(events.get(2).get("rateLimit").asText()).isEqualTo("10M/20M");
        assertThat(events.get(2).get("result").asText()).isEqualTo("ack");
        String tokenId = api.get("/api/me").body().get("id").asText();
        assertThat(events.get(2).get("requestedBy").get("id").asText()).isEqualTo(tokenId);
        assertThat(events.get(3).get("requestedBy").get("id").asText()).isEqualTo(tokenId);
        assertThat(events.get(3).get("requestedBy").get("name").asText()).isEqualTo("configured bootstrap");
        assertThat(events.get(4).get("result").asText()).isEqualTo("ack");
        assertThat(events.get(5).get("cause").asText()).isEqualTo("Admin-Terminate");
        assertThat(timeline.raw()).doesNotContain(ServiceProcess.TOKEN);
        assertThat(nasCoa.log())
                .contains("CoA-Request")
                .contains("Disconnect-Request")
                .contains("carol");

        // The router's Stop after the disconnect: accounting remembers the session open as it wrote it, the service's
        // close changed the row since, so the unit runs again from the row (ADR 57): the close and its cause stay, and
        // the router's final counters are learnt.
        double outdated = metric("sessionkeeper_accounting_memory_outdated_total");
        Radclient.Result stop =
                Radclient.accounting(service.radiusPort(), SECRET, """
                Acct-Status-Type = Stop
                User-Name = "carol"
                Acct-Session-Id = "8100005E"
                NAS-IP-Address = 127.0.0.1
                Framed-Protocol = PPP
                Framed-IP-Address = 10.5.50.103
                Acct-Session-Time = 600
                Acct-Output-Octets = 75000000
                Acct-Input-Octets = 7500000
                Acct-Terminate-Cause = Admin-Reset
                Event-Timestamp = %d
                """.formatted(start + 600), "-r", "3", "-t", "3");
        assertThat(stop.accountingResponses()).as(stop.output()).isEqualTo(1);
        assertThat(metric("sessionkeeper_accounting_memory_outdated_total")).isEqualTo(outdated + 1);
        assertThat(metric("sessionkeeper_accounting_memory_hits_total")).isGreaterThanOrEqualTo(2);
        JsonNode ended = api.get("/api/sessions/" + id).body();
        assertThat(ended.toString()).contains("Admin-Terminate").contains("75000000");
    }
}
