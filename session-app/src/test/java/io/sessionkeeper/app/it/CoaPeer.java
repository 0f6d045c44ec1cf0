package io.sessionkeeper.app.it;

import io.sessionkeeper.adapter.radius.testing.FreeRadiusServer;

/**
 * FreeRADIUS 3.2 playing a router's Disconnect/CoA side ({@code listen { type = coa }}): it takes requests only from
 * {@code client} (with {@code secret}), as RouterOS takes them only from its {@code /radius} entries, ACKs them, and
 * NAKs with Error-Cause 503 (Session-Context-Not-Found) a user called "gone". Its log shows every request.
 */
final class CoaPeer {
    private CoaPeer() {}

    static FreeRadiusServer start(String listenAddress, int port, String client, String secret) {
        return FreeRadiusServer.start(port, """
                client service {
                  ipaddr = %s
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
                    ipaddr = %s
                    port = %d
                  }
                  recv-coa {
                    if (&User-Name == "gone") {
                      update reply {
                        &Error-Cause := Session-Context-Not-Found
                      }
                      reject
                    }
                    ok
                  }
                  send-coa {
                    ok
                  }
                }
                """.formatted(client, secret, listenAddress, port));
    }
}
