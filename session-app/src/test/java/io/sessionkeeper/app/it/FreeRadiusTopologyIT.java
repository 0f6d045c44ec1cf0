package io.sessionkeeper.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionkeeper.adapter.radius.testing.FreeRadiusServer;
import io.sessionkeeper.adapter.radius.testing.Radclient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Topology A of docs/nas-setup.md as a newcomer builds it, on the packaged jar: a real FreeRADIUS 3.2 configured
 * from the snippets the page shows (read from the page, so that the two cannot drift) takes accounting from
 * radclient (the router), writes it to its detail file and answers; its relay sends it to SessionKeeper and resends
 * it until SessionKeeper answers; the session appears; a Disconnect from SessionKeeper, sent from
 * SESSION_COA_SOURCE_ADDRESS, reaches a FreeRADIUS playing the router's CoA side that takes requests from that
 * address only.
 *
 * <p>Addresses on loopback: radclient and the FreeRADIUS relay send from 127.0.0.1, SessionKeeper sends
 * Disconnect/CoA from 127.0.0.2, the router (its NAS-IP-Address and its CoA listener) is 127.0.0.3. The page's
 * timers are shortened (seconds instead of tens of seconds) so that the resend is seen within the test's time.
 */
class FreeRadiusTopologyIT {
    private static final Path PAGE = Path.of("..", "docs", "nas-setup.md");
    private static final String ROUTER_SECRET = "router-secret-3799";
    private static final String PROXY_SECRET = "proxy-secret-1813";
    private static final String ROUTER = "127.0.0.3";
    private static final String COA_SOURCE = "127.0.0.2";

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        // in reverse order, each whatever the others do: no FreeRADIUS outlives the test
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (RuntimeException e) {
                // the next one is stopped all the same
            }
        }
    }

    private <T extends AutoCloseable> T started(T resource) {
        started.add(resource);
        return resource;
    }

    @Test
    void accountingThroughTheFreeRadiusRelayIsStoredAndADisconnectReachesTheRouter() throws Exception {
        Radclient.assumeInstalled();
        FreeRadiusServer.assumeInstalled();
        String page = Files.readString(PAGE);

        ServiceProcess service = started(ServiceProcess.start(
                ScratchDirectories.create("sessionkeeper-topology"), Map.of("SESSION_COA_SOURCE_ADDRESS", COA_SOURCE)));
        ApiClient api = service.api();
        int coaPort = FreeRadiusServer.freePort();
        FreeRadiusServer router = started(CoaPeer.start(ROUTER, coaPort, COA_SOURCE, ROUTER_SECRET));
        assertThat(api.post("/api/nas", """
                        {"name":"router1","ipAddress":"%s","secret":"%s","vendor":"mikrotik","coaPort":%d}""".formatted(ROUTER, ROUTER_SECRET, coaPort))
                        .status())
                .isEqualTo(201);

        int acctPort = FreeRadiusServer.freePort();
        FreeRadiusServer freeradius =
                started(FreeRadiusServer.start(acctPort, freeRadiusFromThePage(page, acctPort, service.radiusPort())));

        // the router's Start: FreeRADIUS answers once it is in the detail file
        Radclient.Result start =
                Radclient.accounting(acctPort, ROUTER_SECRET, """
                Acct-Status-Type = Start
                User-Name = "topology-user"
                Acct-Session-Id = "TOPO-0001"
                NAS-IP-Address = %s
                Framed-IP-Address = 10.7.0.9
                Framed-Protocol = PPP
                """.formatted(ROUTER), "-r", "1", "-t", "5");
        assertThat(start.accountingResponses())
                .as(start.output() + freeradius.log())
                .isEqualTo(1);

        // FreeRADIUS is not registered yet: SessionKeeper drops the relay's packet and does not answer ...
        awaitTrue(
                () -> metric(api, "sessionkeeper_radius_packets_dropped_total{reason=\"unknown_client\"") >= 1,
                "the relay's first try, dropped as unknown_client\n" + freeradius.log());
        assertThat(sessions(api)).isZero();
        // ... and once it is, the relay's next try is stored and answered
        assertThat(api.post("/api/nas", """
                        {"name":"freeradius","ipAddress":"127.0.0.1","secret":"%s","proxy":true}""".formatted(PROXY_SECRET)).status()).isEqualTo(201);
        awaitTrue(() -> sessions(api) == 1, "the session after the relay's retry\n" + freeradius.log());
        JsonNode session = api.get("/api/sessions?search=topology-user")
                .body()
                .get("sessions")
                .get(0);
        assertThat(session.get("nas").get("name").asText()).isEqualTo("router1");
        assertThat(session.get("framedIp").asText()).isEqualTo("10.7.0.9");
        awaitTrue(
                () -> freeradius.log().contains("Unlinking"),
                "the relay forgets the file once answered\n" + freeradius.log());

        ApiClient.Response disconnect =
                api.delete("/api/sessions/" + session.get("id").asText());

        assertThat(disconnect.status()).as(disconnect.raw() + router.log()).isEqualTo(200);
        assertThat(disconnect.body().get("disconnect").get("result").asText()).isEqualTo("ack");
        assertThat(router.log())
                .contains("Received Disconnect-Request")
                .contains("from " + COA_SOURCE)
                .contains("topology-user");
    }

    /**
     * radiusd.conf sections from the page's snippets, with the placeholders filled in for loopback and the timers
     * shortened. What the page leaves to the stock configuration (the listener of the default server, the {@code ok}
     * module) is added here.
     */
    static String freeRadiusFromThePage(String page, int acctPort, int sessionKeeperPort) {
        String clients = snippet(page, "# /etc/freeradius/3.0/clients.conf");
        String proxy = snippet(page, "# /etc/freeradius/3.0/proxy.conf")
                .replace("port = 1813", "port = " + sessionKeeperPort)
                .replaceAll("response_window = \\d+", "response_window = 2")
                .replaceAll("zombie_period = \\d+", "zombie_period = 30")
                .replaceAll("revive_interval = \\d+", "revive_interval = 10");
        String detail = snippet(page, "# /etc/freeradius/3.0/mods-available/sessionkeeper_detail");
        String accounting =
                snippet(page, "# /etc/freeradius/3.0/sites-available/default").replace("...", "");
        String relay = snippet(page, "# /etc/freeradius/3.0/sites-available/sessionkeeper-relay")
                .replaceAll("retry_interval = \\d+", "retry_interval = 2");
        String sections = """
                proxy_requests = yes
                %s
                %s
                modules {
                  always ok {
                    rcode = ok
                  }
                %s
                }
                server default {
                  listen {
                    type = acct
                    ipaddr = 127.0.0.1
                    port = %d
                  }
                  preacct {
                  }
                %s
                }
                %s
                """.formatted(clients, proxy, detail, acctPort, accounting, relay);
        return sections.replace("<router-ip>", "127.0.0.1")
                .replace("<router-secret>", ROUTER_SECRET)
                .replace("<sessionkeeper-ip>", "127.0.0.1")
                .replace("<proxy-secret>", PROXY_SECRET);
    }

    /** The fenced block of the page whose first line is {@code firstLine} (more on that line is allowed). */
    static String snippet(String page, String firstLine) {
        Matcher blocks = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL).matcher(page);
        while (blocks.find()) {
            String block = blocks.group(1);
            if (block.startsWith(firstLine)) {
                return block.substring(block.indexOf('\n') + 1);
            }
        }
        throw new AssertionError("docs/nas-setup.md has no snippet starting with " + firstLine);
    }

    private static long sessions(ApiClient api) {
        return api.get("/api/sessions?search=topology-user").body().get("total").asLong();
    }

    /** The value of the first series of /metrics whose line starts with {@code prefix}; 0 when none does. */
    private static double metric(ApiClient api, String prefix) {
        for (String line : api.get("/metrics").raw().split("\n")) {
            if (line.startsWith(prefix)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
