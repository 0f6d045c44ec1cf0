package io.sessionkeeper.adapter.radius;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.radius.testing.FreeRadiusServer;
import io.sessionkeeper.domain.model.DisconnectResult;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasVendor;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.testing.Fixtures;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Disconnect/CoA client against FreeRADIUS 3.2 playing the NAS with a {@code listen { type = coa }} virtual
 * server: it ACKs a session it "has", NAKs with Error-Cause 503 a user called "gone", NAKs with 402 a request
 * that lacks an identifying attribute (and, on its own, with no cause one that carries Service-Type), and NAKs
 * with 407 a CoA whose Mikrotik-Rate-Limit is not 10M/20M.
 */
class RadiusDisconnectorFreeRadiusTest {
    private static final String SECRET = "nas-secret";
    private static final String UTF8_SECRET = "sécret-秘密-ñandú-x";
    private static FreeRadiusServer nas;

    private final List<RadiusDisconnector> clients = new ArrayList<>();

    @BeforeAll
    static void startFreeRadius() {
        FreeRadiusServer.assumeInstalled();
        int port = FreeRadiusServer.freePort();
        nas = FreeRadiusServer.start(port, """
                client local {
                  ipaddr = 127.0.0.1
                  secret = "%s"
                }
                client other_address {
                  ipaddr = 127.0.0.2
                  secret = "%s"
                }
                modules {
                  always reject {
                    rcode = reject
                  }
                  always ok {
                    rcode = ok
                  }
                }
                server nas {
                  listen {
                    type = coa
                    ipaddr = 127.0.0.1
                    port = %d
                  }
                  recv-coa {
                    if (!&User-Name || !&Acct-Session-Id || !&NAS-IP-Address || !&Framed-IP-Address) {
                      update reply {
                        &Error-Cause := Missing-Attribute
                      }
                      reject
                    }
                    if (&User-Name == "gone") {
                      update reply {
                        &Error-Cause := Session-Context-Not-Found
                      }
                      reject
                    }
                    if (&request:Packet-Type == CoA-Request && &Mikrotik-Rate-Limit != "10M/20M") {
                      update reply {
                        &Error-Cause := Invalid-Attribute-Value
                      }
                      reject
                    }
                    ok
                  }
                  send-coa {
                    ok
                  }
                }
                """.formatted(SECRET, UTF8_SECRET, port));
    }

    @AfterAll
    static void stopFreeRadius() {
        if (nas != null) {
            nas.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(RadiusDisconnector::close);
    }

    private RadiusDisconnector client(Duration timeout, int retransmissions) {
        return client(InetAddress.getLoopbackAddress(), timeout, retransmissions);
    }

    private RadiusDisconnector client(InetAddress bind, Duration timeout, int retransmissions) {
        RadiusDisconnector client = new RadiusDisconnector(
                RadiusDisconnectorSettings.defaults().withBindAddress(bind).withTimeout(timeout, retransmissions));
        clients.add(client);
        return client;
    }

    static Nas nasAt(String ip, int coaPort, String secret) {
        return new Nas(
                NasId.random(),
                TenantId.of("acme"),
                "mikrotik-" + coaPort,
                IpAddress.parse(ip),
                secret,
                coaPort,
                NasVendor.MIKROTIK,
                null,
                false,
                null,
                false);
    }

    private static Session session(Nas nas, String username) {
        return Fixtures.session(nas)
                .username(username)
                .acctSessionId("8100AB01")
                .build();
    }

    @Test
    void aSessionTheNasHasIsDisconnectedAndAcked() {
        Nas target = nasAt("127.0.0.1", nas.port(), SECRET);

        DisconnectResult result = client(Duration.ofSeconds(2), 1).disconnect(target, session(target, "alice"));

        assertThat(result).isInstanceOf(DisconnectResult.Acked.class);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.roundTripMillis()).isLessThan(2_000);
        assertThat(nas.log()).contains("Received Disconnect-Request").contains("Framed-IP-Address = 10.5.50.100");
    }

    @Test
    void aSessionTheNasDoesNotHaveIsNakedWithErrorCause503() {
        Nas target = nasAt("127.0.0.1", nas.port(), SECRET);

        DisconnectResult result = client(Duration.ofSeconds(2), 1).disconnect(target, session(target, "gone"));

        assertThat(result).isInstanceOfSatisfying(DisconnectResult.Nacked.class, nak -> {
            assertThat(nak.errorCause()).isEqualTo(503);
            assertThat(nak.sessionNotFound()).isTrue();
            assertThat(nak.attempts()).isEqualTo(1);
        });
    }

    @Test
    void aSessionWithoutFramedIpIsNakedForTheMissingAttribute() {
        Nas target = nasAt("127.0.0.1", nas.port(), SECRET);
        Session noIp = Fixtures.session(target).username("alice").framedIp(null).build();

        DisconnectResult result = client(Duration.ofSeconds(2), 1).disconnect(target, noIp);

        assertThat(result).isInstanceOfSatisfying(DisconnectResult.Nacked.class, nak -> assertThat(nak.errorCause())
                .isEqualTo(402));
    }

    @Test
    void aCoaRequestChangesTheRateLimitAndAWrongValueIsNaked() {
        Nas target = nasAt("127.0.0.1", nas.port(), SECRET);
        RadiusDisconnector client = client(Duration.ofSeconds(2), 1);

        DisconnectResult accepted = client.changeRateLimit(target, session(target, "alice"), "10M/20M");
        DisconnectResult refused = client.changeRateLimit(target, session(target, "alice"), "1M/1M");

        assertThat(accepted).isInstanceOf(DisconnectResult.Acked.class);
        assertThat(refused).isInstanceOfSatisfying(DisconnectResult.Nacked.class, nak -> assertThat(nak.errorCause())
                .isEqualTo(407));
        assertThat(nas.log()).contains("Received CoA-Request").contains("Mikrotik-Rate-Limit = \"10M/20M\"");
    }

    @Test
    void aWrongSecretGetsNoValidAnswerAndTimesOutAfterEveryRetransmission() {
        Nas target = nasAt("127.0.0.1", nas.port(), "not-the-secret");

        DisconnectResult result = client(Duration.ofMillis(250), 2).disconnect(target, session(target, "alice"));

        assertThat(result).isInstanceOf(DisconnectResult.TimedOut.class);
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(result.roundTripMillis()).isBetween(700L, 3_000L);
        assertThat(nas.log()).contains("invalid Request Authenticator");
    }

    @Test
    void aNonAsciiSecretIsUsedAsUtf8() throws Exception {
        Nas target = nasAt("127.0.0.1", nas.port(), UTF8_SECRET);
        RadiusDisconnector client = client(InetAddress.getByName("127.0.0.2"), Duration.ofSeconds(2), 1);

        assertThat(client.disconnect(target, session(target, "jürgen"))).isInstanceOf(DisconnectResult.Acked.class);
        assertThat(client.changeRateLimit(target, session(target, "jürgen"), "10M/20M"))
                .isInstanceOf(DisconnectResult.Acked.class);
    }

    @Test
    void nothingListeningIsATimeOutNotASuccess() {
        Nas silent = nasAt("127.0.0.1", FreeRadiusServer.freePort(), SECRET);

        DisconnectResult result = client(Duration.ofMillis(150), 2).disconnect(silent, session(silent, "alice"));

        assertThat(result).isInstanceOf(DisconnectResult.TimedOut.class);
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(result.roundTripMillis()).isGreaterThanOrEqualTo(400);
    }

    @Test
    void concurrentCallersEachGetTheAnswerToTheirOwnRequest() throws Exception {
        Nas target = nasAt("127.0.0.1", nas.port(), SECRET);
        RadiusDisconnector client = client(Duration.ofSeconds(3), 2);
        int threads = 8;
        int perThread = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<DisconnectResult>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<List<DisconnectResult>> work = () -> {
                    List<DisconnectResult> results = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        boolean gone = (thread + i) % 3 == 0;
                        Session session = session(target, gone ? "gone" : "user-" + thread + "-" + i);
                        results.add(
                                i % 2 == 0
                                        ? client.disconnect(target, session)
                                        : client.changeRateLimit(target, session, "10M/20M"));
                    }
                    return results;
                };
                futures.add(pool.submit(work));
            }
            for (int t = 0; t < threads; t++) {
                List<DisconnectResult> results = futures.get(t).get(60, TimeUnit.SECONDS);
                for (int i = 0; i < perThread; i++) {
                    boolean gone = (t + i) % 3 == 0;
                    if (gone) {
                        assertThat(results.get(i))
                                .isInstanceOfSatisfying(
                                        DisconnectResult.Nacked.class,
                                        nak -> assertThat(nak.errorCause()).isEqualTo(503));
                    } else {
                        assertThat(results.get(i)).isInstanceOf(DisconnectResult.Acked.class);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        RadiusDisconnector.Stats stats = client.stats();
        assertThat(stats.requests()).isEqualTo(threads * perThread);
        assertThat(stats.acked() + stats.nacked()).isEqualTo(threads * perThread);
        assertThat(stats.badAuthenticator()).isZero();
    }
}
