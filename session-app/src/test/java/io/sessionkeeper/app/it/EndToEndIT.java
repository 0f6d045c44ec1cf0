package io.sessionkeeper.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionkeeper.adapter.radius.testing.FreeRadiusServer;
import io.sessionkeeper.adapter.radius.testing.Radclient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged service end to end: radclient (FreeRADIUS's client, not ours) sends accounting to the real jar on
 * the embedded PostgreSQL; the REST API shows every field; DELETE reaches a FreeRADIUS server playing the NAS;
 * a restart keeps everything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {
    private static final String SECRET = "e2e-shared-secret";
    /** The analytics job every second: the multi-device scan runs within the test's wait. */
    private static final Map<String, String> SETTINGS = Map.of("SESSION_ANALYTICS_JOB_INTERVAL", "1s");

    private Path dataDir;
    private ServiceProcess service;
    private FreeRadiusServer nasCoa;
    private ApiClient api;
    private String nasId;

    @BeforeAll
    void start() throws Exception {
        Radclient.assumeInstalled();
        FreeRadiusServer.assumeInstalled();
        dataDir = ScratchDirectories.create("sessionkeeper-e2e");
        service = ServiceProcess.start(dataDir, SETTINGS);
        api = service.api();
        int coaPort = FreeRadiusServer.freePort();
        nasCoa = CoaPeer.start("127.0.0.1", coaPort, "127.0.0.1", SECRET);
        ApiClient.Response nas = api.post("/api/nas", """
                {"name":"Main Router","ipAddress":"127.0.0.1","secret":"%s","vendor":"mikrotik","coaPort":%d}""".formatted(SECRET, coaPort));
        assertThat(nas.status()).as(nas.raw()).isEqualTo(201);
        nasId = nas.body().get("id").asText();
        ApiClient.Response customer = api.put("/api/customers/customer001", """
                {"name":"John Doe","phone":"+254700000000","email":"john@example.com",
                 "package":{"name":"10 Mbps Home","downloadSpeed":10,"uploadSpeed":10}}""");
        assertThat(customer.status()).as(customer.raw()).isIn(200, 201);
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

    private void accounting(String packet) {
        Radclient.Result result = Radclient.accounting(service.radiusPort(), SECRET, packet, "-r", "3", "-t", "3");
        assertThat(result.accountingResponses()).as(result.output()).isEqualTo(1);
    }

    private JsonNode onlySession(String query) {
        ApiClient.Response list = api.get("/api/sessions?" + query);
        assertThat(list.status()).as(list.raw()).isEqualTo(200);
        assertThat(list.body().get("total").asLong()).as(list.raw()).isEqualTo(1);
        return list.body().get("sessions").get(0);
    }

    @Test
    @Order(1)
    void radclientAccountingAppearsInTheApiWithEveryField() {
        long now = Instant.now().getEpochSecond();
        long start = now - 13_500;
        String common = """
                User-Name = "customer001"
                Acct-Session-Id = "8100001A"
                NAS-IP-Address = 127.0.0.1
                NAS-Port-Type = Ethernet
                Framed-Protocol = PPP
                Calling-Station-Id = "00-11-22-33-44-55"
                """;
        accounting(common + "Acct-Status-Type = Start\nEvent-Timestamp = " + start + "\n");
        accounting(common + """
                Acct-Status-Type = Interim-Update
                Framed-IP-Address = 10.5.50.100
                Acct-Session-Time = 13500
                Acct-Input-Octets = 1048576000
                Acct-Output-Octets = 3145728000
                Acct-Output-Gigawords = 1
                Event-Timestamp = %d
                """.formatted(now));

        JsonNode session = onlySession("status=active&search=customer001");
        assertThat(session.get("id").asText()).matches("[0-9a-f-]{36}");
        assertThat(session.get("sessionId").asText()).isEqualTo("8100001A");
        assertThat(session.get("username").asText()).isEqualTo("customer001");
        assertThat(session.get("customer").get("name").asText()).isEqualTo("John Doe");
        assertThat(session.get("customer").get("phone").asText()).isEqualTo("+254700000000");
        assertThat(session.get("customer").get("id").asText()).matches("[0-9a-f-]{36}");
        assertThat(session.get("nas").get("id").asText()).isEqualTo(nasId);
        assertThat(session.get("nas").get("name").asText()).isEqualTo("Main Router");
        assertThat(session.get("nas").get("ipAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(session.get("framedIp").asText()).isEqualTo("10.5.50.100");
        assertThat(session.get("macAddress").asText()).isEqualTo("00:11:22:33:44:55");
        assertThat(Instant.parse(session.get("startTime").asText())).isEqualTo(Instant.ofEpochSecond(start));
        assertThat(session.get("stopTime").isNull()).isTrue();
        long duration = session.get("durationSeconds").asLong();
        assertThat(duration).isBetween(13_500L, 13_620L);
        assertThat(session.get("duration").asText()).matches("3h 4[5-7]m");
        assertThat(session.get("bytesIn").asLong()).isEqualTo((1L << 32) + 3_145_728_000L);
        assertThat(session.get("bytesOut").asLong()).isEqualTo(1_048_576_000L);
        assertThat(session.get("terminateCause").isNull()).isTrue();

        ApiClient.Response detail = api.get("/api/sessions/" + session.get("id").asText());
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.body().get("customer").get("email").asText()).isEqualTo("john@example.com");
        assertThat(detail.body().get("customer").get("package").get("name").asText())
                .isEqualTo("10 Mbps Home");
        assertThat(detail.body()
                        .get("customer")
                        .get("package")
                        .get("downloadSpeed")
                        .asInt())
                .isEqualTo(10);
        assertThat(detail.body().get("duration").asText()).matches("3h 4[5-7]m \\d+s");

        JsonNode stats = api.get("/api/sessions/stats").body();
        assertThat(stats.get("total").asLong()).isEqualTo(1);
        assertThat(stats.get("pppoe").asLong()).isEqualTo(1);
        assertThat(stats.get("hotspot").asLong()).isZero();
        boolean startedToday = !Instant.ofEpochSecond(start)
                .isBefore(LocalDate.now(ZoneOffset.UTC)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant());
        assertThat(stats.get("sessions").get("today").asLong()).isEqualTo(startedToday ? 1 : 0);
        assertThat(stats.get("sessions").get("thisWeek").asLong()).isEqualTo(1);
        assertThat(stats.get("byNas").get(0).get("nasName").asText()).isEqualTo("Main Router");
        assertThat(stats.get("byNas").get(0).get("count").asLong()).isEqualTo(1);

        accounting(common + """
                Acct-Status-Type = Stop
                Acct-Session-Time = 13600
                Acct-Terminate-Cause = User-Request
                Event-Timestamp = %d
                """.formatted(start + 13_600));
        JsonNode stopped = onlySession("status=completed&search=8100001A");
        assertThat(Instant.parse(stopped.get("stopTime").asText())).isEqualTo(Instant.ofEpochSecond(start + 13_600));
        assertThat(stopped.get("terminateCause").asText()).isEqualTo("User-Request");
        assertThat(stopped.get("durationSeconds").asLong()).isEqualTo(13_600);
        assertThat(stopped.get("bytesIn").asLong()).isEqualTo((1L << 32) + 3_145_728_000L);

        // the export of the jar, on its PostgreSQL and background pool: the same session as one CSV row
        ApiClient.Response export = api.get("/api/sessions/export?status=completed&search=8100001A&raw=true");
        assertThat(export.status()).as(export.raw()).isEqualTo(200);
        String[] lines = export.raw().split("\r\n");
        assertThat(lines).hasSize(2);
        // no value of this row holds a quote: without the ones the CSV writer put around fields, its plain values
        assertThat(lines[1].replace("\"", ""))
                .startsWith("8100001A,customer001,")
                .contains(",Main Router," + stopped.get("id").asText() + ",")
                .endsWith(",13600," + ((1L << 32) + 3_145_728_000L)
                        + ",1048576000,10.5.50.100,00:11:22:33:44:55,User-Request");
    }

    @Test
    @Order(2)
    void deleteSendsADisconnectToTheNasAndClosesTheSessionOnAck() {
        accounting("""
                Acct-Status-Type = Start
                User-Name = "bob"
                Acct-Session-Id = "8100002B"
                Framed-IP-Address = 10.5.50.101
                Framed-Protocol = PPP
                """);
        String id = onlySession("status=active&search=bob").get("id").asText();

        ApiClient.Response deleted = api.delete("/api/sessions/" + id);

        assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
        assertThat(deleted.body().get("success").asBoolean()).isTrue();
        assertThat(deleted.body().get("disconnect").get("result").asText()).isEqualTo("ack");
        assertThat(deleted.body().get("disconnect").get("attempts").asInt()).isEqualTo(1);
        JsonNode closed = api.get("/api/sessions/" + id).body();
        assertThat(closed.get("terminateCause").asText()).isEqualTo("Admin-Terminate");
        assertThat(closed.get("stopTime").isNull()).isFalse();
        assertThat(nasCoa.log()).contains("Disconnect-Request").contains("bob").contains("10.5.50.101");
    }

    @Test
    @Order(3)
    void aNasThatNoLongerHasTheSessionNaksAndTheSessionIsClosedAsStale() {
        accounting("""
                Acct-Status-Type = Start
                User-Name = "gone"
                Acct-Session-Id = "8100003C"
                Framed-IP-Address = 10.5.50.102
                Framed-Protocol = PPP
                """);
        String id = onlySession("status=active&search=gone").get("id").asText();

        ApiClient.Response deleted = api.delete("/api/sessions/" + id);

        assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
        assertThat(deleted.body().get("disconnect").get("result").asText()).isEqualTo("nak");
        assertThat(deleted.body().get("disconnect").get("errorCause").asInt()).isEqualTo(503);
        assertThat(api.get("/api/sessions/" + id).body().get("terminateCause").asText())
                .isEqualTo("Stale-Session-Cleanup");
    }

    @Test
    @Order(4)
    void aRestartKeepsSessionsNasCustomersAndTokens() {
        long before = api.get("/api/sessions?status=all").body().get("total").asLong();
        assertThat(before).isEqualTo(3);

        assertThat(service.stop()).isIn(0, 143);
        service = ServiceProcess.start(dataDir, SETTINGS);
        api = service.api();

        assertThat(api.get("/api/sessions?status=all").body().get("total").asLong())
                .isEqualTo(before);
        assertThat(api.get("/api/nas/" + nasId).status()).isEqualTo(200);
        assertThat(api.get("/api/customers/customer001").body().get("name").asText())
                .isEqualTo("John Doe");
        assertThat(api.get("/health/ready").status()).isEqualTo(200);
        JsonNode me = api.get("/api/me").body();
        assertThat(me.get("tenant").asText()).isEqualTo("default");
        assertThat(me.get("all").asBoolean())
                .as("the bootstrap token holds all")
                .isTrue();
        assertThat(me.get("lastUsedAt").isNull()).as("its use is recorded").isFalse();
        accounting("""
                Acct-Status-Type = Start
                User-Name = "after-restart"
                Acct-Session-Id = "8100004D"
                """);
        assertThat(onlySession("search=after-restart").get("nas").get("name").asText())
                .isEqualTo("Main Router");
    }

    /**
     * radclient sends a Start and interims with known counters at known Event-Timestamps (whole minutes a few hours
     * back, so that the buckets are fixed); the session's, the customer's and the NAS's series say exactly what they
     * carried: 3,750,000 octets down per 5 minutes is 100 kbps, 375,000 and then 750,000 up are 10 and 20 kbps.
     */
    @Test
    @Order(5)
    void radclientInterimsGiveTheExpectedBandwidthSeries() throws InterruptedException {
        long base = (Instant.now().getEpochSecond() / 300) * 300 - 3 * 3600;
        String common = """
                User-Name = "bandwidth-user"
                Acct-Session-Id = "BW000001"
                NAS-IP-Address = 127.0.0.1
                Framed-Protocol = PPP
                """;
        accounting(common + "Acct-Status-Type = Start\nEvent-Timestamp = " + base + "\n");
        long[][] counters = {{3_750_000, 375_000}, {7_500_000, 1_125_000}, {11_250_000, 1_875_000}};
        for (int i = 0; i < counters.length; i++) {
            accounting(common + """
                    Acct-Status-Type = Interim-Update
                    Acct-Session-Time = %d
                    Acct-Output-Octets = %d
                    Acct-Input-Octets = %d
                    Event-Timestamp = %d
                    """.formatted(300 * (i + 1), counters[i][0], counters[i][1], base + 300L * (i + 1)));
        }
        // a retransmission-like duplicate of the second interim adds nothing
        accounting(common + """
                Acct-Status-Type = Interim-Update
                Acct-Session-Time = 600
                Acct-Output-Octets = 7500000
                Acct-Input-Octets = 1125000
                Event-Timestamp = %d
                """.formatted(base + 600));
        String id = onlySession("search=bandwidth-user").get("id").asText();
        String range = "interval=5m&from=" + Instant.ofEpochSecond(base) + "&to=" + Instant.ofEpochSecond(base + 900);

        // the samples are readable once folded, about a second after the answers (ADR 67)
        ApiClient.Response series = api.getUntil(
                "/api/sessions/" + id + "/bandwidth?" + range,
                r -> r.status() == 200
                        && r.body().get("data").size() == 3
                        && r.body().get("data").get(2).get("downloadKbps").asDouble() > 0,
                Duration.ofSeconds(15));

        assertThat(series.status()).as(series.raw()).isEqualTo(200);
        JsonNode data = series.body().get("data");
        assertThat(data).hasSize(3);
        assertThat(data.get(0).get("timestamp").asText())
                .isEqualTo(Instant.ofEpochSecond(base).toString());
        for (int i = 0; i < 3; i++) {
            assertThat(data.get(i).get("downloadKbps").asDouble())
                    .as("bucket " + i)
                    .isEqualTo(100.0);
            assertThat(data.get(i).get("gap").asBoolean()).isFalse();
        }
        assertThat(data.get(0).get("uploadKbps").asDouble()).isEqualTo(10.0);
        assertThat(data.get(1).get("uploadKbps").asDouble()).isEqualTo(20.0);
        assertThat(data.get(2).get("uploadKbps").asDouble()).isEqualTo(20.0);

        JsonNode customer =
                api.get("/api/customers/bandwidth-user/bandwidth?" + range).body();
        assertThat(customer.get("data").get(1).get("downloadKbps").asDouble()).isEqualTo(100.0);
        assertThat(customer.get("data").get(1).get("sessions").asInt()).isEqualTo(1);
        // the NAS sums its sessions: this one's 20 kbps up, and the first test's session, whose 1,048,576,000 octets
        // up between its Start and its interim 13,500 s later (a span holding this range) are 621.378 kbps
        JsonNode nas = api.get("/api/nas/" + nasId + "/bandwidth?" + range).body();
        assertThat(nas.get("data").get(2).get("uploadKbps").asDouble())
                .isCloseTo(20.0 + 1_048_576_000.0 * 8 / 13_500 / 1000, org.assertj.core.api.Assertions.within(0.001));
        assertThat(nas.get("data").get(2).get("sessions").asInt()).isEqualTo(2);
        // at 15m a NAS's series is read from the roll-ups alone (ADR 62): the quarter of now is after their
        // watermark, pending, never a zero; the service's usage job rolls at its start, then every minute
        JsonNode lastQuarter = null;
        for (long deadline = System.nanoTime() + 30_000_000_000L; System.nanoTime() < deadline; Thread.sleep(200)) {
            JsonNode quarters = api.get("/api/nas/" + nasId + "/bandwidth?interval=15m")
                    .body()
                    .get("data");
            lastQuarter = quarters.get(quarters.size() - 1);
            if (lastQuarter.get("source").asText().equals("pending")) {
                break;
            }
        }
        assertThat(lastQuarter.get("source").asText()).isEqualTo("pending");
        assertThat(lastQuarter.get("downloadKbps").isNull()).isTrue();
        assertThat(lastQuarter.get("sessions").isNull()).isTrue();
        // the open session runs up to now: without a sample for over 2 h 45 min, the rest is a gap, not zero
        JsonNode toNow =
                api.get("/api/sessions/" + id + "/bandwidth?interval=1h").body().get("data");
        JsonNode last = toNow.get(toNow.size() - 1);
        assertThat(last.get("gap").asBoolean()).isTrue();
        assertThat(last.get("downloadKbps").isNull()).isTrue();
    }

    /**
     * Two devices of one account online at once (radclient, two MACs, interims from both): the service's analytics
     * job scans and the API lists the user with both sessions as evidence; a request never judges by itself.
     */
    @Test
    @Order(6)
    void theAnalyticsJobFindsTwoDevicesOfOneAccountAtOnce() throws InterruptedException {
        long now = Instant.now().getEpochSecond();
        for (String[] device :
                new String[][] {{"MD01", "00-11-22-33-44-a1", "600"}, {"MD02", "00-11-22-33-44-a2", "300"}}) {
            String common = """
                    User-Name = "shared-account"
                    Acct-Session-Id = "%s"
                    NAS-IP-Address = 127.0.0.1
                    Calling-Station-Id = "%s"
                    """.formatted(device[0], device[1]);
            accounting(
                    common + "Acct-Status-Type = Start\nEvent-Timestamp = " + (now - Long.parseLong(device[2])) + "\n");
        }
        for (String[] device :
                new String[][] {{"MD01", "00-11-22-33-44-a1", "600"}, {"MD02", "00-11-22-33-44-a2", "300"}}) {
            accounting("""
                    User-Name = "shared-account"
                    Acct-Session-Id = "%s"
                    NAS-IP-Address = 127.0.0.1
                    Calling-Station-Id = "%s"
                    Acct-Status-Type = Interim-Update
                    Acct-Session-Time = %s
                    Event-Timestamp = %d
                    """.formatted(device[0], device[1], device[2], now));
        }

        JsonNode found = null;
        for (int i = 0; i < 60 && found == null; i++) {
            JsonNode page = api.get("/api/sessions/fraud/multi-device").body();
            for (JsonNode user : page.get("suspiciousUsers")) {
                if (user.get("username").asText().equals("shared-account")) {
                    found = page;
                }
            }
            if (found == null) {
                Thread.sleep(500);
            }
        }

        assertThat(found).as("the scan found shared-account within 30 s").isNotNull();
        assertThat(Instant.parse(found.get("asOf").asText())).isAfterOrEqualTo(Instant.ofEpochSecond(now));
        JsonNode user = found.get("suspiciousUsers").get(0);
        assertThat(user.get("reasons").get(0).asText()).isEqualTo("CONCURRENT_SESSIONS_DIFFERENT_MAC");
        assertThat(user.get("macs").toString()).contains("00:11:22:33:44:A1").contains("00:11:22:33:44:A2");
        assertThat(user.get("sessions")).hasSize(2);
    }

    /** radclient's IPv6 attributes through the jar and PostgreSQL to the listing and the IPv6 look-up. */
    @Test
    @Order(7)
    void anAddressInsideTheDelegatedPrefixRadclientSentNamesTheSession() {
        long now = Instant.now().getEpochSecond();
        accounting("""
                Acct-Status-Type = Start
                User-Name = "dual-stack"
                Acct-Session-Id = "8100006F"
                Framed-Protocol = PPP
                Framed-IPv6-Address = 2001:db8::7
                Framed-IPv6-Prefix = 2001:db8:1::/64
                Delegated-IPv6-Prefix = 2001:db8:100::/56
                Event-Timestamp = %d
                """.formatted(now - 60));

        JsonNode listed = onlySession("search=dual-stack");
        assertThat(listed.get("delegatedIpv6Prefix").asText()).endsWith("/56").startsWith("2001:db8:100:");
        assertThat(listed.get("framedIpv6Prefix").asText()).endsWith("/64");
        ApiClient.Response answer = api.get("/api/sessions/by-ip?ip=2001:db8:100:ff::1");
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        assertThat(answer.body().get("sessions")).hasSize(1);
        assertThat(answer.body()
                        .get("sessions")
                        .get(0)
                        .get("session")
                        .get("username")
                        .asText())
                .isEqualTo("dual-stack");
        assertThat(api.get("/api/sessions/by-ip?ip=2001:db8:101::1").body().get("sessions"))
                .as("just outside the /56")
                .isEmpty();
        assertThat(api.get("/api/sessions/by-ip?ip=2001:db8::7").body().get("sessions"))
                .as("the Framed-IPv6-Address")
                .hasSize(1);
    }
}
