package io.sessionkeeper.adapter.http;

import static io.sessionkeeper.adapter.http.ApiHarness.ACME;
import static io.sessionkeeper.adapter.http.ApiHarness.GLOBEX;
import static io.sessionkeeper.adapter.http.ApiHarness.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionkeeper.domain.model.AcctStatusType;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The analytics routes over HTTP, on either store (the build runs them on both). */
class AnalyticsApiTest {
    private ApiHarness h;
    private String reader;
    private Nas main;
    private Nas branch;

    @BeforeEach
    void start() {
        h = new ApiHarness();
        reader = h.token(ACME, Permission.DASHBOARD_ACTIVE_SESSIONS);
        main = h.nas(ACME, "Main Router", "192.168.1.1");
        branch = h.nas(ACME, "Branch Router", "192.168.1.2");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private void session(Nas nas, String user, String id, String mac, Instant start, Instant stop) {
        h.track(Fixtures.start(nas, user, id, start)
                .callingStationId(mac)
                .framedIp(IpAddress.parse("10.0.0." + (id.hashCode() & 0x7f))));
        if (stop != null) {
            h.track(Fixtures.stop(nas, user, id, stop, stop.getEpochSecond() - start.getEpochSecond())
                    .callingStationId(mac)
                    .outputOctets(1_000, 0)
                    .inputOctets(100, 0));
        }
    }

    private JsonNode ok(String path) {
        ApiHarness.Response response = h.get(path, reader);
        assertThat(response.status()).as(path + " " + response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void peakTimesAverageTimeWeightedConcurrencyPerHourWithAnOpenSession() {
        // Saturday 3 January 2026 (UTC): one hour across 10:30-11:30, and a session open since 23:00
        session(
                main,
                "alice",
                "A1",
                "00:11:22:33:44:01",
                Instant.parse("2026-01-03T10:30:00Z"),
                Instant.parse("2026-01-03T11:30:00Z"));
        session(branch, "bob", "B1", "00:11:22:33:44:02", Instant.parse("2026-01-03T23:00:00Z"), null);
        h.rollUpConcurrency();

        JsonNode peak = ok("/api/sessions/analytics/peak-times?days=1&timeZone=UTC");

        assertThat(peak.get("timeZone").asText()).isEqualTo("UTC");
        assertThat(peak.get("from").asText()).isEqualTo("2026-01-03T00:00:00Z");
        assertThat(peak.get("to").asText()).isEqualTo("2026-01-04T00:00:00Z");
        assertThat(peak.get("heatmap")).hasSize(24);
        assertThat(peak.at("/heatmap/10/avgSessions").asDouble()).isEqualTo(0.5);
        assertThat(peak.at("/heatmap/11/avgSessions").asDouble()).isEqualTo(0.5);
        assertThat(peak.at("/heatmap/12/avgSessions").asDouble()).isEqualTo(0.0);
        assertThat(peak.at("/heatmap/23/avgSessions").asDouble()).isEqualTo(1.0);
        assertThat(peak.at("/matrix/5/weekday").asText()).isEqualTo("SATURDAY");
        assertThat(peak.at("/matrix/5/hours/23").asDouble()).isEqualTo(1.0);
        assertThat(peak.at("/peak/hour").asInt()).isEqualTo(23);
        assertThat(peak.at("/peak/weekday").asText()).isEqualTo("SATURDAY");

        JsonNode ofMain = ok("/api/sessions/analytics/peak-times?days=1&timeZone=UTC&nasId=" + main.id());
        assertThat(ofMain.at("/heatmap/23/avgSessions").asDouble()).isEqualTo(0.0);
        assertThat(ofMain.at("/heatmap/10/avgSessions").asDouble()).isEqualTo(0.5);
        assertThat(ofMain.get("nasId").asText()).isEqualTo(main.id().toString());
        // another tenant's NAS is unknown, and so is its data
        String other = h.token(GLOBEX, Permission.DASHBOARD_ACTIVE_SESSIONS);
        assertThat(h.get("/api/sessions/analytics/peak-times?nasId=" + main.id(), other)
                        .status())
                .isEqualTo(404);
        assertThat(h.get("/api/sessions/analytics/peak-times?days=1&timeZone=UTC", other)
                        .json()
                        .at("/heatmap/23/avgSessions")
                        .asDouble())
                .isEqualTo(0.0);
    }

    @Test
    void hostileOrOutOfRangeParametersAreRefusedWithTheField() {
        for (String query :
                List.of("days=0", "days=91", "days=x", "timeZone=Mars/Base", "nasId=nope", "days=1&days=2")) {
            ApiHarness.Response response = h.get("/api/sessions/analytics/peak-times?" + query, reader);
            assertThat(response.status()).as(query).isEqualTo(400);
        }
        assertThat(h.get("/api/sessions/analytics/top-users?period=1y", reader).status())
                .isEqualTo(400);
        assertThat(h.get("/api/sessions/analytics/top-users?limit=101", reader).status())
                .isEqualTo(400);
        assertThat(h.get("/api/sessions/fraud/multi-device?pageSize=0", reader).status())
                .isEqualTo(400);
        // the window and the MAC count are the operator's settings now (ADR 0048): a client's are refused, named
        ApiHarness.Response minMacs = h.get("/api/sessions/fraud/multi-device?minMacs=3", reader);
        assertThat(minMacs.status()).isEqualTo(400);
        assertThat(minMacs.body()).contains("minMacs");
    }

    @Test
    void sessionComparisonIsExactOnAKnownSetAndAnUnknownCustomerIsNotFound() {
        long[] durations = {600, 1200, 1800, 2400, 3600};
        for (int i = 0; i < durations.length; i++) {
            Instant start = NOW.minusSeconds(86_400L * (i + 1));
            session(main, "alice", "C" + i, "00:11:22:33:44:01", start, start.plusSeconds(durations[i]));
        }
        h.track(Fixtures.start(main, "alice", "C9", NOW.minusSeconds(2400)).callingStationId("00:11:22:33:44:01"));

        JsonNode c = ok("/api/customers/alice/session-comparison");

        assertThat(c.get("sessions").asInt()).isEqualTo(6);
        assertThat(c.get("insufficientData").asBoolean()).isFalse();
        assertThat(c.at("/currentSession/status").asText()).isEqualTo("active");
        assertThat(c.at("/currentSession/duration").asLong()).isEqualTo(2400);
        assertThat(c.at("/averageSession/duration").asDouble()).isEqualTo(2000.0);
        assertThat(c.at("/averageSession/medianDuration").asDouble()).isEqualTo(2100.0);
        assertThat(c.at("/averageSession/dataUsage").asDouble()).isEqualTo(916.6667); // 5 × 1100 / 6
        assertThat(c.at("/averageSession/medianDataUsage").asDouble()).isEqualTo(1100.0);
        assertThat(c.at("/percentile/duration").asDouble()).isEqualTo(83.3333);
        assertThat(c.at("/percentile/dataUsage").asDouble()).isEqualTo(16.6667); // 0 bytes: only itself at most

        assertThat(h.get("/api/customers/nobody/session-comparison", reader).status())
                .isEqualTo(404);
        h.customer(ACME, "newbie");
        JsonNode newbie = ok("/api/customers/newbie/session-comparison");
        assertThat(newbie.get("currentSession").isNull()).isTrue();
        assertThat(newbie.get("insufficientData").asBoolean()).isTrue();
        assertThat(newbie.get("averageSession").isNull()).isTrue();
    }

    @Test
    void multiDeviceFlagsTwoMacsAtOnceAndNotARedialInSequence() {
        Instant twoHoursAgo = NOW.minusSeconds(7200);
        // bob: two devices at once (each had accounting while the other was up)
        h.track(Fixtures.start(main, "bob", "B1", twoHoursAgo).callingStationId("00:11:22:33:44:01"));
        h.track(Fixtures.start(main, "bob", "B2", NOW.minusSeconds(3600)).callingStationId("00:11:22:33:44:02"));
        h.track(Fixtures.interim(main, "bob", "B1", NOW.minusSeconds(300), 6900).callingStationId("00:11:22:33:44:01"));
        h.track(Fixtures.interim(main, "bob", "B2", NOW.minusSeconds(200), 3400).callingStationId("00:11:22:33:44:02"));
        // carol: redials from the same MAC, the old session's Stop lost
        h.track(Fixtures.start(main, "carol", "K1", twoHoursAgo).callingStationId("00:11:22:33:44:03"));
        h.track(Fixtures.start(main, "carol", "K2", NOW.minusSeconds(3600)).callingStationId("00:11:22:33:44:03"));

        JsonNode before = ok("/api/sessions/fraud/multi-device");
        assertThat(before.get("total").asInt()).isZero();
        assertThat(before.get("asOf").isNull()).isTrue();
        h.multiDeviceScan.scanAll();

        JsonNode page = ok("/api/sessions/fraud/multi-device");

        assertThat(page.get("asOf").asText()).isEqualTo(NOW.toString());
        assertThat(page.get("windowHours").asInt()).isEqualTo(24);
        assertThat(page.get("minMacs").asInt()).isEqualTo(3);
        // bob only: carol's redial superseded her old session, so she has one open session
        assertThat(page.get("candidates").asInt()).isEqualTo(1);
        assertThat(page.get("truncated").asBoolean()).isFalse();
        assertThat(page.get("total").asInt()).isEqualTo(1);
        JsonNode bob = page.at("/suspiciousUsers/0");
        assertThat(bob.get("username").asText()).isEqualTo("bob");
        assertThat(bob.get("activeSessions").asInt()).isEqualTo(2);
        assertThat(bob.get("score").asInt()).isEqualTo(50);
        assertThat(texts(bob.get("reasons"))).containsExactly("CONCURRENT_SESSIONS_DIFFERENT_MAC");
        assertThat(texts(bob.get("macs"))).containsExactly("00:11:22:33:44:01", "00:11:22:33:44:02");
        assertThat(bob.get("sessions")).hasSize(2);
        assertThat(bob.at("/sessions/0/stopTime").isNull()).isTrue();
        assertThat(page.get("page").asInt()).isEqualTo(1);
        assertThat(page.get("pageSize").asInt()).isEqualTo(20);
        String other = h.token(GLOBEX, Permission.DASHBOARD_ACTIVE_SESSIONS);
        assertThat(h.get("/api/sessions/fraud/multi-device", other)
                        .json()
                        .get("total")
                        .asInt())
                .isZero();
    }

    @Test
    void nasHealthShowsEachNasWithItsSessionsRestartsAndAnHourOfMinutes() {
        h.track(Fixtures.event(branch, AcctStatusType.ACCOUNTING_ON, "", "", NOW.minusSeconds(600)));
        session(main, "alice", "H1", "00:11:22:33:44:01", NOW.minusSeconds(60), null);

        JsonNode health = ok("/api/nas/health");

        assertThat(health.get("nas")).hasSize(2);
        JsonNode branchHealth = health.at("/nas/0");
        JsonNode mainHealth = health.at("/nas/1");
        assertThat(branchHealth.get("name").asText()).isEqualTo("Branch Router");
        assertThat(branchHealth.get("lastAccountingOn").asText()).isEqualTo("2026-01-04T13:50:00Z");
        assertThat(branchHealth.get("lastAccountingOff").isNull()).isTrue();
        assertThat(mainHealth.get("id").asText()).isEqualTo(main.id().toString());
        assertThat(mainHealth.get("ipAddress").asText()).isEqualTo("192.168.1.1");
        assertThat(mainHealth.get("activeSessions").asLong()).isEqualTo(1);
        assertThat(mainHealth.get("silent").asBoolean()).isFalse();
        assertThat(mainHealth.get("packetsPerMinute")).hasSize(60);
        assertThat(mainHealth.at("/packetsPerMinute/59/minute").asText()).isEqualTo("2026-01-04T14:00:00Z");
        assertThat(h.get("/api/nas/health", h.token(GLOBEX, Permission.DASHBOARD_ACTIVE_SESSIONS))
                        .json()
                        .get("nas"))
                .isEmpty();
    }

    @Test
    void topUsersRankByTheTrafficInThePeriodUpToTheLastRolledQuarter() {
        session(main, "alice", "T1", "00:11:22:33:44:01", NOW.minusSeconds(3600), NOW.minusSeconds(60));
        session(main, "alice", "T2", "00:11:22:33:44:01", NOW.minusSeconds(86_400 * 3), NOW.minusSeconds(86_000 * 3));
        h.track(Fixtures.start(main, "bob", "T3", NOW.minusSeconds(600)));
        h.rollUpUsage();

        JsonNode week = ok("/api/sessions/analytics/top-users?period=7d");
        JsonNode today = ok("/api/sessions/analytics/top-users?period=today&timeZone=UTC&limit=1");

        assertThat(week.get("period").asText()).isEqualTo("7d");
        assertThat(week.at("/users/0/username").asText()).isEqualTo("alice");
        assertThat(week.at("/users/0/downloadBytes").asLong()).isEqualTo(2000);
        assertThat(week.at("/users/0/uploadBytes").asLong()).isEqualTo(200);
        assertThat(week.at("/users/0/totalBytes").asLong()).isEqualTo(2200);
        assertThat(week.at("/users/0/sessions").asLong()).isEqualTo(2);
        // bob's session is up but carried no traffic: not ranked
        assertThat(week.get("users")).hasSize(1);
        assertThat(week.get("to").asText()).isEqualTo("2026-01-04T14:00:00Z");
        assertThat(today.get("from").asText()).isEqualTo("2026-01-04T00:00:00Z");
        assertThat(today.get("users")).hasSize(1);
        assertThat(today.at("/users/0/totalBytes").asLong()).isEqualTo(1100);
    }

    @Test
    void eachStaticAnalyticsRouteIsNotTakenForAnIdRoute() {
        // a reader may not read a NAS (/api/nas/{id} needs nas:manage), but may read NAS health
        JsonNode health = ok("/api/nas/health");
        assertThat(health.has("nas")).isTrue();
        String admin = h.token(ACME);
        assertThat(h.get("/api/nas/" + main.id(), admin).json().get("name").asText())
                .isEqualTo("Main Router");
        // no session is named "analytics" or "fraud": these are the routes, not a session's sub-resources
        assertThat(ok("/api/sessions/analytics/peak-times").has("heatmap")).isTrue();
        assertThat(ok("/api/sessions/analytics/top-users").has("users")).isTrue();
        assertThat(ok("/api/sessions/fraud/multi-device").has("suspiciousUsers"))
                .isTrue();
        // and the customer routes keep their username: "health" is a customer named so
        assertThat(h.get("/api/customers/health/session-comparison", reader).status())
                .isEqualTo(404);
    }

    @Test
    void everyAnalyticsRouteNeedsTheDashboardPermission() {
        String without = h.tokenWithout(ACME, Permission.DASHBOARD_ACTIVE_SESSIONS);
        for (String path : List.of(
                "/api/sessions/analytics/peak-times",
                "/api/sessions/analytics/top-users",
                "/api/sessions/fraud/multi-device",
                "/api/customers/alice/session-comparison",
                "/api/nas/health")) {
            assertThat(h.get(path, without).status()).as(path).isEqualTo(403);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
