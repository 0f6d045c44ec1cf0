package io.sessionkeeper.adapter.radius;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.radius.testing.AccountingTestBed;
import io.sessionkeeper.adapter.radius.testing.FreeRadiusServer;
import io.sessionkeeper.adapter.radius.testing.Radclient;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Session;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * radclient (the NAS) → FreeRADIUS 3.2 proxying accounting → the listener. The proxy is the RADIUS client (its
 * secret, its address), the NAS is known by NAS-IP-Address, and the answer must carry the proxy's Proxy-State
 * back for FreeRADIUS to pass it on.
 */
class AccountingThroughFreeRadiusProxyTest {
    private final AccountingTestBed bed = new AccountingTestBed();
    private FreeRadiusServer proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        bed.close();
    }

    @Test
    void accountingForwardedByFreeRadiusIsStoredForTheNasBehindItAndAcknowledgedThroughIt() throws Exception {
        Radclient.assumeInstalled();
        FreeRadiusServer.assumeInstalled();
        bed.registerProxy("freeradius-proxy", "127.0.0.1", "proxy-secret");
        Nas behind = bed.register(AccountingTestBed.nas("bng-behind-proxy", "10.30.0.1", "unused", null, false));
        bed.start();
        int proxyPort = FreeRadiusServer.freePort();
        proxy = FreeRadiusServer.start(proxyPort, """
                proxy_requests = yes
                client nas {
                  ipaddr = 127.0.0.1
                  secret = nas-secret
                }
                proxy server {
                  default_fallback = no
                }
                home_server sessionkeeper {
                  type = acct
                  ipaddr = 127.0.0.1
                  port = %d
                  secret = proxy-secret
                  response_window = 5
                  zombie_period = 10
                  status_check = none
                }
                home_server_pool sessionkeeper_pool {
                  type = fail-over
                  home_server = sessionkeeper
                }
                realm sessionkeeper {
                  acct_pool = sessionkeeper_pool
                  nostrip
                }
                modules {
                  always ok {
                    rcode = ok
                  }
                }
                server default {
                  listen {
                    type = acct
                    ipaddr = 127.0.0.1
                    port = %d
                  }
                  preacct {
                    update control {
                      &Proxy-To-Realm := "sessionkeeper"
                    }
                  }
                  accounting {
                    ok
                  }
                  pre-proxy {
                    ok
                  }
                  post-proxy {
                    ok
                  }
                }
                """.formatted(bed.port(), proxyPort));
        long now = Instant.now().getEpochSecond();
        String packets = """
                Acct-Status-Type = Start
                Acct-Session-Id = "P-81000001"
                User-Name = "proxied-user"
                NAS-IP-Address = 10.30.0.1
                Framed-Protocol = PPP
                Event-Timestamp = %d

                Acct-Status-Type = Interim-Update
                Acct-Session-Id = "P-81000001"
                User-Name = "proxied-user"
                NAS-IP-Address = 10.30.0.1
                Framed-Protocol = PPP
                Acct-Session-Time = 30
                Acct-Output-Octets = 123456
                Event-Timestamp = %d

                """.formatted(now - 30, now);

        Radclient.Result result =
                Radclient.accounting(proxyPort, "nas-secret", packets, "-x", "-p", "1", "-r", "1", "-t", "5");

        assertThat(result.accountingResponses())
                .as(result.output() + proxy.log())
                .isEqualTo(2);
        Session session = bed.session("P-81000001").orElseThrow();
        assertThat(session.nasId()).isEqualTo(behind.id());
        assertThat(session.usage().downloadOctets()).isEqualTo(123456);
        assertThat(proxy.log()).contains("Proxy-State").contains("Received Accounting-Response");
        assertThat(bed.awaitStats(s -> s.answered() == 2, Duration.ofSeconds(5)).answered())
                .isEqualTo(2);
    }
}
