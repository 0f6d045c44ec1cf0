package io.sessionkeeper.adapter.http;

import static io.sessionkeeper.adapter.http.ApiHarness.ACME;
import static io.sessionkeeper.adapter.http.ApiHarness.GLOBEX;
import static io.sessionkeeper.adapter.http.ApiHarness.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionkeeper.domain.model.AcctStatusType;
import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.CustomerId;
import io.sessionkeeper.domain.model.DisconnectResult;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.ServicePackage;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The sessions contract of the spec, field by field, over real HTTP and the real domain services. */
class SessionsApiTest {
    private static final Set<String> LIST_FIELDS = Set.of(
            "id",
            "sessionId",
            "username",
            "customer",
            "nas",
            "framedIp",
            "macAddress",
            "startTime",
            "stopTime",
            "duration",
            "durationSeconds",
            "bytesIn",
            "bytesOut",
            "terminateCause",
            // additions to the spec
            "connectionType",
            "lastUpdate",
            "framedIpv6Address",
            "framedIpv6Prefix",
            "delegatedIpv6Prefix");

    private ApiHarness h;
    private String reader;
    private Nas main;

    @BeforeEach
    void start() {
        h = new ApiHarness();
        reader = h.token(ACME, io.sessionkeeper.domain.model.Permission.DASHBOARD_ACTIVE_SESSIONS);
        main = h.nas(ACME, "Main Router", "192.168.1.1");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private Customer johnDoe() {
        Customer john = new Customer(
                CustomerId.random(),
                ACME,
                "customer001",
                "John Doe",
                "+254700000000",
                "john@example.com",
                new ServicePackage("10 Mbps Home", 10, 10));
        h.customers.save(john);
        return john;
    }

    /** The spec's example session: started 3h 45m 30s ago, 3 GB down and 1 GB up. */
    private Session specExample() {
        Instant start = NOW.minusSeconds(13_530);
        h.track(Fixtures.start(main, "customer001", "8100001A", start)
                .framedIp(IpAddress.parse("10.5.50.100"))
                .callingStationId("00-11-22-33-44-55"));
        h.track(Fixtures.interim(main, "customer001", "8100001A", NOW.minusSeconds(30), 13_500)
                .outputOctets(3_145_728_000L, 0)
                .inputOctets(1_048_576_000L, 0));
        return h.session(main, "8100001A");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Nested
    class Listing {
        @Test
        void listedSessionCarriesEverySpecFieldByName() {
            Customer john = johnDoe();
            Session session = specExample();

            var response = h.get("/api/sessions", reader);

            assertThat(response.status()).isEqualTo(200);
            JsonNode body = response.json();
            assertThat(names(body)).containsExactly("sessions", "total", "page", "pageSize");
            assertThat(body.get("total").asLong()).isEqualTo(1);
            assertThat(body.get("page").asInt()).isEqualTo(1);
            assertThat(body.get("pageSize").asInt()).isEqualTo(20);
            JsonNode s = body.get("sessions").get(0);
            assertThat(new HashSet<>(names(s))).isEqualTo(LIST_FIELDS);
            assertThat(s.get("id").asText()).isEqualTo(session.id().toString());
            assertThat(s.get("sessionId").asText()).isEqualTo("8100001A");
            assertThat(s.get("username").asText()).isEqualTo("customer001");
            assertThat(names(s.get("customer"))).containsExactly("id", "name", "phone");
            assertThat(s.get("customer").get("id").asText()).isEqualTo(john.id().toString());
            assertThat(s.get("customer").get("name").asText()).isEqualTo("John Doe");
            assertThat(s.get("customer").get("phone").asText()).isEqualTo("+254700000000");
            assertThat(names(s.get("nas"))).containsExactly("id", "name", "ipAddress");
            assertThat(s.get("nas").get("id").asText()).isEqualTo(main.id().toString());
            assertThat(s.get("nas").get("name").asText()).isEqualTo("Main Router");
            assertThat(s.get("nas").get("ipAddress").asText()).isEqualTo("192.168.1.1");
            assertThat(s.get("framedIp").asText()).isEqualTo("10.5.50.100");
            assertThat(s.get("macAddress").asText()).isEqualTo("00:11:22:33:44:55");
            assertThat(s.get("startTime").asText()).isEqualTo("2026-01-04T10:14:30Z");
            assertThat(s.get("stopTime").isNull()).isTrue();
            assertThat(s.get("duration").asText()).isEqualTo("3h 45m");
            assertThat(s.get("durationSeconds").asLong()).isEqualTo(13_530);
            assertThat(s.get("bytesIn").asLong()).isEqualTo(3_145_728_000L);
            assertThat(s.get("bytesOut").asLong()).isEqualTo(1_048_576_000L);
            assertThat(s.get("terminateCause").isNull()).isTrue();
            assertThat(s.get("connectionType").asText()).isEqualTo("pppoe");
            assertThat(s.get("lastUpdate").asText()).isEqualTo("2026-01-04T13:59:30Z");
        }

        @Test
        void customerIsNullWhenNoCustomerHasTheUsername() {
            specExample();
            JsonNode s = h.get("/api/sessions", reader).json().get("sessions").get(0);
            assertThat(s.has("customer")).isTrue();
            assertThat(s.get("customer").isNull()).isTrue();
        }

        @Test
        void nasKeepsItsIdWhenTheNasWasDeleted() {
            specExample();
            h.nasDirectory.delete(ACME, main.id());
            JsonNode nas =
                    h.get("/api/sessions", reader).json().get("sessions").get(0).get("nas");
            assertThat(nas.get("id").asText()).isEqualTo(main.id().toString());
            assertThat(nas.get("name").isNull()).isTrue();
            assertThat(nas.get("ipAddress").isNull()).isTrue();
        }

        @Test
        void bytesInIsDownloadAndBytesOutUploadBeyond32Bits() {
            h.track(Fixtures.start(main, "big", "B1", NOW.minusSeconds(600)));
            h.track(Fixtures.interim(main, "big", "B1", NOW.minusSeconds(10), 590)
                    .outputOctets(5, 2) // (2 << 32) + 5 sent to the user: download
                    .inputOctets(7, 1)); // (1 << 32) + 7 received from the user: upload
            JsonNode s = h.get("/api/sessions", reader).json().get("sessions").get(0);
            assertThat(s.get("bytesIn").asLong()).isEqualTo((2L << 32) + 5);
            assertThat(s.get("bytesOut").asLong()).isEqualTo((1L << 32) + 7);
        }

        @Test
        void completedSessionShowsStopTimeCauseAndFinalDuration() {
            h.started(main, "done", "D1", NOW.minus(Duration.ofHours(2)));
            h.track(Fixtures.stop(main, "done", "D1", NOW.minus(Duration.ofHours(1)), 3600));
            h.clock.advance(Duration.ofHours(5));

            JsonNode s = h.get("/api/sessions", reader).json().get("sessions").get(0);

            assertThat(s.get("stopTime").asText()).isEqualTo("2026-01-04T13:00:00Z");
            assertThat(s.get("terminateCause").asText()).isEqualTo("User-Request");
            assertThat(s.get("durationSeconds").asLong()).isEqualTo(3600);
            assertThat(s.get("duration").asText()).isEqualTo("1h 0m");
        }

        @Test
        void liveDurationOfAnActiveSessionMovesWithTheClock() {
            h.started(main, "live", "L1", NOW.minusSeconds(45));
            JsonNode before =
                    h.get("/api/sessions", reader).json().get("sessions").get(0);
            assertThat(before.get("durationSeconds").asLong()).isEqualTo(45);
            assertThat(before.get("duration").asText()).isEqualTo("45s");

            h.clock.advance(Duration.ofMinutes(90));

            JsonNode after =
                    h.get("/api/sessions", reader).json().get("sessions").get(0);
            assertThat(after.get("durationSeconds").asLong()).isEqualTo(45 + 5400);
            assertThat(after.get("duration").asText()).isEqualTo("1h 30m");
            String id = after.get("id").asText();
            JsonNode detail = h.get("/api/sessions/" + id, reader).json();
            assertThat(detail.get("durationSeconds").asLong()).isEqualTo(5445);
            assertThat(detail.get("duration").asText()).isEqualTo("1h 30m 45s");
            h.clock.advance(Duration.ofDays(2));
            assertThat(h.get("/api/sessions/" + id, reader)
                            .json()
                            .get("duration")
                            .asText())
                    .isEqualTo("2d 1h 30m 45s");
        }

        @Test
        void paginationCountsEveryMatchAndPagesDoNotOverlap() {
            for (int i = 0; i < 45; i++) {
                h.started(main, "user" + i, "S" + i, NOW.minusSeconds(60L * (i + 1)));
            }
            Set<String> seen = new HashSet<>();
            int[] expected = {20, 20, 5, 0};
            for (int page = 1; page <= 4; page++) {
                JsonNode body = h.get("/api/sessions?page=" + page, reader).json();
                assertThat(body.get("total").asLong()).isEqualTo(45);
                assertThat(body.get("page").asInt()).isEqualTo(page);
                assertThat(body.get("pageSize").asInt()).isEqualTo(20);
                assertThat(body.get("sessions").size()).isEqualTo(expected[page - 1]);
                body.get("sessions")
                        .forEach(s -> assertThat(seen.add(s.get("id").asText())).isTrue());
            }
            assertThat(seen).hasSize(45);

            JsonNode big = h.get("/api/sessions?pageSize=100", reader).json();
            assertThat(big.get("sessions").size()).isEqualTo(45);
            assertThat(big.get("pageSize").asInt()).isEqualTo(100);
            JsonNode small = h.get("/api/sessions?page=2&pageSize=7", reader).json();
            assertThat(small.get("sessions").size()).isEqualTo(7);
            assertThat(small.get("sessions").get(0).get("username").asText()).isEqualTo("user7");
        }

        @Test
        void newestStartComesFirst() {
            h.started(main, "old", "O1", NOW.minusSeconds(3000));
            h.started(main, "new", "N1", NOW.minusSeconds(10));
            JsonNode sessions = h.get("/api/sessions", reader).json().get("sessions");
            assertThat(sessions.get(0).get("username").asText()).isEqualTo("new");
            assertThat(sessions.get(1).get("username").asText()).isEqualTo("old");
        }

        @Test
        void statusFiltersActiveCompletedAndAll() {
            h.started(main, "active", "A1", NOW.minusSeconds(100));
            h.started(main, "gone", "G1", NOW.minusSeconds(200));
            h.track(Fixtures.stop(main, "gone", "G1", NOW.minusSeconds(50), 150));

            assertThat(usernames("/api/sessions?status=active")).containsExactly("active");
            assertThat(usernames("/api/sessions?status=completed")).containsExactly("gone");
            assertThat(usernames("/api/sessions?status=all")).containsExactly("active", "gone");
            assertThat(usernames("/api/sessions?status=ACTIVE")).containsExactly("active");
            assertThat(usernames("/api/sessions?status=")).containsExactly("active", "gone");
            assertThat(usernames("/api/sessions")).containsExactly("active", "gone");
        }

        @Test
        void customerIdFiltersByTheCustomersUsername() {
            Customer john = johnDoe();
            h.started(main, "customer001", "C1", NOW.minusSeconds(100));
            h.started(main, "someoneelse", "C2", NOW.minusSeconds(50));

            assertThat(usernames("/api/sessions?customerId=" + john.id())).containsExactly("customer001");
            assertThat(h.get("/api/sessions?customerId=" + CustomerId.random(), reader)
                            .json()
                            .get("total")
                            .asLong())
                    .isZero();
        }

        @Test
        void nasIdFiltersByRouter() {
            Nas branch = h.nas(ACME, "Branch Router", "192.168.2.1");
            h.started(main, "a", "M1", NOW.minusSeconds(100));
            h.started(branch, "b", "B1", NOW.minusSeconds(50));

            assertThat(usernames("/api/sessions?nasId=" + main.id())).containsExactly("a");
            assertThat(usernames("/api/sessions?nasId=" + branch.id())).containsExactly("b");
        }

        @Test
        void searchMatchesUsernamePrefixFramedIpAndAcctSessionId() {
            h.track(Fixtures.start(main, "alice.k", "81000AAA", NOW.minusSeconds(100))
                    .framedIp(IpAddress.parse("10.0.0.7")));
            h.track(Fixtures.start(main, "bob", "81000BBB", NOW.minusSeconds(50))
                    .framedIp(IpAddress.parse("10.0.0.8")));

            assertThat(usernames("/api/sessions?search=ALI")).containsExactly("alice.k");
            assertThat(usernames("/api/sessions?search=10.0.0.8")).containsExactly("bob");
            assertThat(usernames("/api/sessions?search=81000aaa")).containsExactly("alice.k");
            assertThat(usernames("/api/sessions?search=nobody")).isEmpty();
            assertThat(usernames("/api/sessions?search=b&status=active&page=1&pageSize=5"))
                    .containsExactly("bob");
        }

        private List<String> usernames(String path) {
            var response = h.get(path, reader);
            assertThat(response.status()).as(path + " " + response).isEqualTo(200);
            List<String> names = new ArrayList<>();
            response.json()
                    .get("sessions")
                    .forEach(s -> names.add(s.get("username").asText()));
            return names;
        }
    }

    @Nested
    class Detail {
        @Test
        void detailCarriesEverySpecFieldWithCustomerPackageAndSeconds() {
            Customer john = johnDoe();
            Session session = specExample();

            var response = h.get("/api/sessions/" + session.id(), reader);

            assertThat(response.status()).isEqualTo(200);
            JsonNode s = response.json();
            assertThat(new HashSet<>(names(s))).isEqualTo(LIST_FIELDS);
            assertThat(s.get("id").asText()).isEqualTo(session.id().toString());
            assertThat(s.get("sessionId").asText()).isEqualTo("8100001A");
            assertThat(s.get("username").asText()).isEqualTo("customer001");
            JsonNode c = s.get("customer");
            assertThat(names(c)).containsExactly("id", "name", "email", "phone", "package");
            assertThat(c.get("id").asText()).isEqualTo(john.id().toString());
            assertThat(c.get("name").asText()).isEqualTo("John Doe");
            assertThat(c.get("email").asText()).isEqualTo("john@example.com");
            assertThat(c.get("phone").asText()).isEqualTo("+254700000000");
            assertThat(names(c.get("package"))).containsExactly("name", "downloadSpeed", "uploadSpeed");
            assertThat(c.get("package").get("name").asText()).isEqualTo("10 Mbps Home");
            assertThat(c.get("package").get("downloadSpeed").asInt()).isEqualTo(10);
            assertThat(c.get("package").get("uploadSpeed").asInt()).isEqualTo(10);
            assertThat(s.get("nas").get("id").asText()).isEqualTo(main.id().toString());
            assertThat(s.get("nas").get("name").asText()).isEqualTo("Main Router");
            assertThat(s.get("nas").get("ipAddress").asText()).isEqualTo("192.168.1.1");
            assertThat(s.get("framedIp").asText()).isEqualTo("10.5.50.100");
            assertThat(s.get("macAddress").asText()).isEqualTo("00:11:22:33:44:55");
            assertThat(s.get("startTime").asText()).isEqualTo("2026-01-04T10:14:30Z");
            assertThat(s.get("stopTime").isNull()).isTrue();
            assertThat(s.get("duration").asText()).isEqualTo("3h 45m 30s");
            assertThat(s.get("durationSeconds").asLong()).isEqualTo(13_530);
            assertThat(s.get("bytesIn").asLong()).isEqualTo(3_145_728_000L);
            assertThat(s.get("bytesOut").asLong()).isEqualTo(1_048_576_000L);
            assertThat(s.get("terminateCause").isNull()).isTrue();
            assertThat(s.get("connectionType").asText()).isEqualTo("pppoe");
        }

        @Test
        void customerWithoutPackageHasNullPackage() {
            h.customers.save(new Customer(CustomerId.random(), ACME, "customer001", "No Plan", null, null, null));
            Session session = specExample();
            JsonNode c = h.get("/api/sessions/" + session.id(), reader).json().get("customer");
            assertThat(c.get("package").isNull()).isTrue();
            assertThat(c.get("email").isNull()).isTrue();
            assertThat(c.get("phone").isNull()).isTrue();
        }

        @Test
        void unknownSessionIs404() {
            var response = h.get("/api/sessions/" + java.util.UUID.randomUUID(), reader);
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.errorCode()).isEqualTo("not_found");
        }

        @Test
        void malformedIdIs400NamingId() {
            var response = h.get("/api/sessions/8100001A", reader);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.errorField()).isEqualTo("id");
        }
    }

    @Nested
    class Statistics {
        private void population() {
            Nas branch = h.nas(ACME, "Branch Router", "192.168.2.1");
            h.started(main, "u1", "S1", NOW.minus(Duration.ofHours(1)));
            h.started(main, "u2", "S2", NOW.minus(Duration.ofHours(2)));
            h.track(Fixtures.event(branch, AcctStatusType.START, "hs1", "H1", NOW.minusSeconds(1800))
                    .serviceType(1));
            h.started(main, "u4", "S4", NOW.minus(Duration.ofHours(3)));
            h.track(Fixtures.stop(main, "u4", "S4", NOW.minus(Duration.ofHours(2)), 3600));
            h.started(main, "u8", "S8", NOW.minus(Duration.ofHours(13)));
            h.track(Fixtures.stop(main, "u8", "S8", NOW.minus(Duration.ofHours(12)), 3600));
            h.started(branch, "u5", "S5", NOW.minus(Duration.ofDays(3)));
            h.track(Fixtures.stop(
                    branch, "u5", "S5", NOW.minus(Duration.ofDays(3)).plusSeconds(60), 60));
            h.started(main, "u6", "S6", NOW.minus(Duration.ofDays(20)));
            h.track(Fixtures.stop(
                    main, "u6", "S6", NOW.minus(Duration.ofDays(20)).plusSeconds(60), 60));
            h.started(main, "u7", "S7", NOW.minus(Duration.ofDays(40)));
            h.track(Fixtures.stop(
                    main, "u7", "S7", NOW.minus(Duration.ofDays(40)).plusSeconds(60), 60));
            Nas foreign = h.nas(GLOBEX, "Foreign", "172.16.0.1");
            h.started(foreign, "x", "X1", NOW.minusSeconds(60));
        }

        @Test
        void statsCarryEverySpecFieldWithTheSpecsDefinitions() {
            population();

            var response = h.get("/api/sessions/stats", reader);

            assertThat(response.status()).isEqualTo(200);
            JsonNode stats = response.json();
            assertThat(names(stats)).containsExactly("total", "pppoe", "hotspot", "sessions", "byNas");
            assertThat(stats.get("total").asLong()).isEqualTo(3);
            assertThat(stats.get("pppoe").asLong()).isEqualTo(2);
            assertThat(stats.get("hotspot").asLong()).isEqualTo(1);
            assertThat(names(stats.get("sessions"))).containsExactly("today", "thisWeek", "thisMonth");
            assertThat(stats.get("sessions").get("today").asLong()).isEqualTo(5);
            assertThat(stats.get("sessions").get("thisWeek").asLong()).isEqualTo(6);
            assertThat(stats.get("sessions").get("thisMonth").asLong()).isEqualTo(7);
            JsonNode byNas = stats.get("byNas");
            assertThat(byNas.size()).isEqualTo(2);
            assertThat(names(byNas.get(0))).containsExactly("nasId", "nasName", "count");
            assertThat(byNas.get(0).get("nasId").asText()).isEqualTo(main.id().toString());
            assertThat(byNas.get(0).get("nasName").asText()).isEqualTo("Main Router");
            assertThat(byNas.get(0).get("count").asLong()).isEqualTo(2);
            assertThat(byNas.get(1).get("nasName").asText()).isEqualTo("Branch Router");
            assertThat(byNas.get(1).get("count").asLong()).isEqualTo(1);
        }

        @Test
        void todayStartsAtLocalMidnightOfTheGivenTimeZone() {
            population();
            // 14:00Z is 04:00 next day at UTC+14: local midnight is 10:00Z, so the session of 01:00Z is yesterday
            JsonNode stats = h.get("/api/sessions/stats?timeZone=Pacific/Kiritimati", reader)
                    .json();
            assertThat(stats.get("sessions").get("today").asLong()).isEqualTo(4);
            assertThat(stats.get("sessions").get("thisWeek").asLong()).isEqualTo(6);
        }

        @Test
        void theTenantsTimeZoneSetThroughTheApiDecidesWhereTodayStarts() {
            population();
            String settings = h.token(ACME, io.sessionkeeper.domain.model.Permission.SETTINGS_MANAGE);
            assertThat(h.get("/api/tenant", settings).json().get("timeZone").asText())
                    .isEqualTo("UTC");

            var put = h.send("PUT", "/api/tenant", settings, "{\"timeZone\":\"Pacific/Kiritimati\"}");

            assertThat(put.status()).as(put.body()).isEqualTo(200);
            assertThat(put.json().get("id").asText()).isEqualTo(ACME.value());
            assertThat(put.json().get("timeZone").asText()).isEqualTo("Pacific/Kiritimati");
            assertThat(h.get("/api/tenant", settings).json().get("timeZone").asText())
                    .isEqualTo("Pacific/Kiritimati");
            // as with ?timeZone=Pacific/Kiritimati: local midnight is 10:00Z
            JsonNode stats = h.get("/api/sessions/stats", reader).json();
            assertThat(stats.get("sessions").get("today").asLong()).isEqualTo(4);
            assertThat(h.get("/api/sessions/stats?timeZone=UTC", reader)
                            .json()
                            .get("sessions")
                            .get("today")
                            .asLong())
                    .as("the parameter still wins")
                    .isEqualTo(5);
        }

        @Test
        void anUnknownOrMissingTenantTimeZoneIs400NamingIt() {
            String settings = h.token(ACME, io.sessionkeeper.domain.model.Permission.SETTINGS_MANAGE);
            for (String body : new String[] {
                "{\"timeZone\":\"Mars/Olympus\"}", "{\"timeZone\":null}", "{}", "{\"timeZone\":\"+25:00\"}"
            }) {
                var response = h.send("PUT", "/api/tenant", settings, body);
                assertThat(response.status()).as(body).isEqualTo(400);
                assertThat(response.errorField()).as(body).isEqualTo("timeZone");
            }
            assertThat(h.send("PUT", "/api/tenant", reader, "{\"timeZone\":\"UTC\"}")
                            .status())
                    .as("reading sessions does not allow changing the zone")
                    .isEqualTo(403);
        }

        @Test
        void emptyTenantHasZeroStatistics() {
            JsonNode stats = h.get("/api/sessions/stats", reader).json();
            assertThat(stats.get("total").asLong()).isZero();
            assertThat(stats.get("sessions").get("today").asLong()).isZero();
            assertThat(stats.get("byNas").size()).isZero();
        }

        @Test
        void unknownTimeZoneIs400() {
            var response = h.get("/api/sessions/stats?timeZone=Mars/Olympus", reader);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.errorField()).isEqualTo("timeZone");
        }
    }

    @Nested
    class Sync {
        @Test
        void syncClosesStaleSessionsAtTheirLastSeenTime() {
            String admin = h.token(ACME, io.sessionkeeper.domain.model.Permission.SESSIONS_MANAGE);
            h.started(main, "stale", "ST1", NOW.minus(Duration.ofHours(30)));
            h.track(Fixtures.interim(main, "stale", "ST1", NOW.minus(Duration.ofHours(25)), 5 * 3600));
            Session fresh = h.started(main, "fresh", "F1", NOW.minus(Duration.ofDays(10)));
            h.track(Fixtures.interim(main, "fresh", "F1", NOW.minus(Duration.ofMinutes(5)), 10 * 86_400 - 300));

            var response = h.send("POST", "/api/sessions/sync", admin, null);

            assertThat(response.status()).isEqualTo(200);
            JsonNode body = response.json();
            assertThat(names(body)).containsExactly("success", "cleanedCount", "cutoffTime");
            assertThat(body.get("success").asBoolean()).isTrue();
            assertThat(body.get("cleanedCount").asLong()).isEqualTo(1);
            assertThat(body.get("cutoffTime").asText()).isEqualTo("2026-01-03T14:00:00Z");
            Session stale = h.session(main, "ST1");
            assertThat(stale.stopTime()).isEqualTo(NOW.minus(Duration.ofHours(25)));
            assertThat(stale.terminateCause().name()).isEqualTo("Stale-Session-Cleanup");
            assertThat(h.session(main, "F1").isActive()).isTrue();
            assertThat(fresh.isActive()).isTrue();

            JsonNode again = h.send("POST", "/api/sessions/sync", admin, null).json();
            assertThat(again.get("cleanedCount").asLong()).isZero();
        }
    }

    @Nested
    class Terminate {
        private String admin;
        private Session session;

        @BeforeEach
        void live() {
            admin = h.token(ACME, io.sessionkeeper.domain.model.Permission.ROUTERS_DISCONNECT);
            session = h.started(main, "customer001", "8100001A", NOW.minus(Duration.ofHours(1)));
        }

        private JsonNode deleteAndExpect(String query, int status) {
            var response = h.send("DELETE", "/api/sessions/" + session.id() + query, admin, null);
            assertThat(response.status()).as(response.toString()).isEqualTo(status);
            return response.json();
        }

        @Test
        void ackClosesTheSessionAsAdminTerminate() {
            h.nasSide.answer = new DisconnectResult.Acked(1, 4);

            JsonNode body = deleteAndExpect("", 200);

            assertThat(names(body)).containsExactly("success", "disconnect");
            assertThat(body.get("success").asBoolean()).isTrue();
            JsonNode d = body.get("disconnect");
            assertThat(names(d)).containsExactly("result", "errorCause", "attempts", "rttMs");
            assertThat(d.get("result").asText()).isEqualTo("ack");
            assertThat(d.get("errorCause").isNull()).isTrue();
            assertThat(d.get("attempts").asInt()).isEqualTo(1);
            assertThat(d.get("rttMs").asLong()).isEqualTo(4);
            assertThat(h.nasSide.requests).containsExactly("disconnect Main Router 8100001A");
            JsonNode detail = h.get("/api/sessions/" + session.id(), reader).json();
            assertThat(detail.get("terminateCause").asText()).isEqualTo("Admin-Terminate");
            assertThat(detail.get("stopTime").asText()).isEqualTo("2026-01-04T14:00:00Z");
        }

        @Test
        void nak503ClosesTheSessionAsStaleAtItsLastSeenTime() {
            h.nasSide.answer = new DisconnectResult.Nacked(503, 1, 6);

            JsonNode body = deleteAndExpect("", 200);

            assertThat(body.get("success").asBoolean()).isTrue();
            assertThat(body.get("disconnect").get("result").asText()).isEqualTo("nak");
            assertThat(body.get("disconnect").get("errorCause").asInt()).isEqualTo(503);
            Session closed = h.session(main, "8100001A");
            assertThat(closed.terminateCause().name()).isEqualTo("Stale-Session-Cleanup");
            assertThat(closed.stopTime()).isEqualTo(session.lastUpdate());
        }

        @Test
        void timeOutIs504WithTheResultAndLeavesTheSessionOpen() {
            h.nasSide.answer = new DisconnectResult.TimedOut(3, 9000);

            JsonNode body = deleteAndExpect("", 504);

            assertThat(body.get("success").asBoolean()).isFalse();
            assertThat(body.get("disconnect").get("result").asText()).isEqualTo("timeout");
            assertThat(body.get("disconnect").get("attempts").asInt()).isEqualTo(3);
            assertThat(body.get("disconnect").get("rttMs").asLong()).isEqualTo(9000);
            assertThat(body.get("error").get("code").asText()).isEqualTo("nas_timeout");
            assertThat(h.session(main, "8100001A").isActive()).isTrue();
        }

        @Test
        void otherNakIs502AndLeavesTheSessionOpen() {
            h.nasSide.answer = new DisconnectResult.Nacked(506, 1, 5);

            JsonNode body = deleteAndExpect("", 502);

            assertThat(body.get("success").asBoolean()).isFalse();
            assertThat(body.get("disconnect").get("errorCause").asInt()).isEqualTo(506);
            assertThat(body.get("error").get("code").asText()).isEqualTo("nas_rejected");
            assertThat(h.session(main, "8100001A").isActive()).isTrue();
        }

        @Test
        void sendFailureIs502AndLeavesTheSessionOpen() {
            h.nasSide.answer = new DisconnectResult.Failed("port unreachable", 1, 0);

            JsonNode body = deleteAndExpect("", 502);

            assertThat(body.get("disconnect").get("result").asText()).isEqualTo("failed");
            assertThat(body.get("error").get("code").asText()).isEqualTo("nas_unreachable");
            assertThat(h.session(main, "8100001A").isActive()).isTrue();
        }

        @Test
        void forceClosesInTheDatabaseOnlyWithDisconnectNull() {
            JsonNode body = deleteAndExpect("?force=true", 200);

            assertThat(body.get("success").asBoolean()).isTrue();
            assertThat(body.has("disconnect")).isTrue();
            assertThat(body.get("disconnect").isNull()).isTrue();
            assertThat(h.nasSide.requests).isEmpty();
            assertThat(h.session(main, "8100001A").terminateCause().name()).isEqualTo("Admin-Terminate");
        }

        @Test
        void forceFalseAsksTheNas() {
            deleteAndExpect("?force=false", 200);
            assertThat(h.nasSide.requests).hasSize(1);
        }

        @Test
        void endedSessionIs409() {
            deleteAndExpect("?force=true", 200);
            var again = h.send("DELETE", "/api/sessions/" + session.id(), admin, null);
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.errorCode()).isEqualTo("conflict");
        }

        @Test
        void sessionOfADeletedNasIs409UnlessForced() {
            h.nasDirectory.delete(ACME, main.id());
            assertThat(h.send("DELETE", "/api/sessions/" + session.id(), admin, null)
                            .status())
                    .isEqualTo(409);
            deleteAndExpect("?force=true", 200);
        }

        @Test
        void forceMustBeTrueOrFalse() {
            var response = h.send("DELETE", "/api/sessions/" + session.id() + "?force=yes", admin, null);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.errorField()).isEqualTo("force");
            assertThat(h.session(main, "8100001A").isActive()).isTrue();
        }

        @Test
        void unknownSessionIs404() {
            var response = h.send("DELETE", "/api/sessions/" + java.util.UUID.randomUUID(), admin, null);
            assertThat(response.status()).isEqualTo(404);
            assertThat(h.nasSide.requests).isEmpty();
        }
    }

    @Nested
    class RateLimitChange {
        private String admin;
        private Session session;

        @BeforeEach
        void live() {
            admin = h.token(ACME, io.sessionkeeper.domain.model.Permission.ROUTERS_DISCONNECT);
            session = h.started(main, "customer001", "8100001A", NOW.minus(Duration.ofHours(1)));
        }

        private ApiHarness.Response post(String body) {
            return h.send("POST", "/api/sessions/" + session.id() + "/rate-limit", admin, body);
        }

        @Test
        void ackedCoaIs200() {
            var response = post("{\"rateLimit\":\"10M/20M\"}");

            assertThat(response.status()).isEqualTo(200);
            JsonNode body = response.json();
            assertThat(names(body)).containsExactly("success", "coa");
            assertThat(body.get("success").asBoolean()).isTrue();
            assertThat(body.get("coa").get("result").asText()).isEqualTo("ack");
            assertThat(h.nasSide.requests).containsExactly("coa Main Router 8100001A 10M/20M");
        }

        @Test
        void nakIs502AndTimeOutIs504() {
            h.nasSide.answer = new DisconnectResult.Nacked(404, 1, 3);
            var nak = post("{\"rateLimit\":\"10M/20M\"}");
            assertThat(nak.status()).isEqualTo(502);
            assertThat(nak.json().get("coa").get("errorCause").asInt()).isEqualTo(404);
            assertThat(nak.json().get("error").get("code").asText()).isEqualTo("nas_rejected");

            h.nasSide.answer = new DisconnectResult.TimedOut(3, 9000);
            var timeout = post("{\"rateLimit\":\"10M/20M\"}");
            assertThat(timeout.status()).isEqualTo(504);
            assertThat(timeout.json().get("success").asBoolean()).isFalse();
        }

        @Test
        void malformedRateLimitIs400NamingIt() {
            var response = post("{\"rateLimit\":\"fast please\"}");
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.errorField()).isEqualTo("rateLimit");
            assertThat(post("{}").errorField()).isEqualTo("rateLimit");
            assertThat(post("{\"rateLimit\":10}").errorField()).isEqualTo("rateLimit");
            assertThat(post("").errorField()).isEqualTo("body");
            assertThat(h.nasSide.requests).isEmpty();
        }

        @Test
        void endedSessionIs409() {
            h.track(Fixtures.stop(main, "customer001", "8100001A", NOW, 3600));
            assertThat(post("{\"rateLimit\":\"10M/20M\"}").status()).isEqualTo(409);
        }
    }
}
