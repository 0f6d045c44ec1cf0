package io.sessionkeeper.adapter.http;

import static io.sessionkeeper.adapter.http.ApiHarness.ACME;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failed authentications are limited per client address before any token look-up: real TCP connections from
 * different loopback addresses (127.0.0.1, 127.0.0.2), X-Forwarded-For believed only from a trusted proxy.
 */
class AuthFailureThrottleTest {
    private static final int PER_MINUTE = 3;
    private final AtomicInteger lookups = new AtomicInteger();
    private ApiHarness h;
    private String token;

    private void start(String trustedProxies) {
        h = new ApiHarness(ApiHarness.Options.defaults()
                .config(c -> c.withAuthFailuresPerMinute(PER_MINUTE)
                        .withTrustedProxies(TrustedProxies.parse(trustedProxies)))
                .ports(p -> ReplacedPort.authenticate(p, secret -> {
                    lookups.incrementAndGet();
                    return p.authenticate().authenticate(secret);
                })));
        token = h.token(ACME);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void anAddressThatKeepsFailingGets429WithoutALookUpWhileAnotherAddressStillAuthenticates() {
        start("");
        for (int i = 0; i < PER_MINUTE; i++) {
            assertThat(request("127.0.0.1", "sk_guess" + i, null).status()).isEqualTo(401);
        }
        int lookupsBefore = lookups.get();

        Raw throttled = request("127.0.0.1", token, null);

        assertThat(throttled.status()).as("even a valid token waits").isEqualTo(429);
        assertThat(throttled.body()).contains("\"code\":\"rate_limited\"");
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 60L / PER_MINUTE);
        assertThat(request("127.0.0.1", "sk_guess-again", null).status()).isEqualTo(429);
        assertThat(lookups.get())
                .as("no token looked up for a throttled address")
                .isEqualTo(lookupsBefore);

        assertThat(request("127.0.0.2", token, null).status()).isEqualTo(200);
        assertThat(request("127.0.0.2", "sk_other", null).status()).isEqualTo(401);
        assertThat(request("127.0.0.1", null, null, "/health/live").status())
                .as("public routes are not limited")
                .isEqualTo(200);
    }

    @Test
    void theAddressMayTryAgainAsItsBucketRefills() {
        start("");
        for (int i = 0; i < PER_MINUTE; i++) {
            request("127.0.0.1", "sk_guess" + i, null);
        }
        assertThat(request("127.0.0.1", token, null).status()).isEqualTo(429);

        h.clock.advance(Duration.ofSeconds(60 / PER_MINUTE));

        assertThat(request("127.0.0.1", token, null).status()).isEqualTo(200);
    }

    @Test
    void successfulRequestsDoNotCount() {
        start("");
        for (int i = 0; i < 10; i++) {
            assertThat(request("127.0.0.1", token, null).status()).isEqualTo(200);
        }
        for (int i = 0; i < PER_MINUTE; i++) {
            assertThat(request("127.0.0.1", "sk_guess" + i, null).status()).isEqualTo(401);
        }
        assertThat(request("127.0.0.1", token, null).status()).isEqualTo(429);
    }

    @Test
    void aForwardedForFromAnUntrustedPeerIsIgnored() {
        start("");
        for (int i = 0; i < PER_MINUTE; i++) {
            assertThat(request("127.0.0.1", "sk_guess" + i, "198.51.100." + i).status())
                    .isEqualTo(401);
        }

        assertThat(request("127.0.0.1", token, "198.51.100.200").status())
                .as("a new X-Forwarded-For each time does not make a new client")
                .isEqualTo(429);
    }

    @Test
    void throughATrustedProxyTheClientItNamesIsThrottled() {
        start("127.0.0.1, 10.0.0.0/8");
        for (int i = 0; i < PER_MINUTE; i++) {
            assertThat(request("127.0.0.1", "sk_guess" + i, "203.0.113.7").status())
                    .isEqualTo(401);
        }

        assertThat(request("127.0.0.1", token, "203.0.113.7").status()).isEqualTo(429);
        assertThat(request("127.0.0.1", token, "198.51.100.1, 203.0.113.7, 10.1.2.3")
                        .status())
                .as("what the client wrote left of it does not help, a second trusted hop is looked through")
                .isEqualTo(429);
        assertThat(request("127.0.0.1", token, "203.0.113.8").status())
                .as("another client behind the same proxy")
                .isEqualTo(200);
        assertThat(request("127.0.0.2", token, "203.0.113.7").status())
                .as("an untrusted peer: its own address counts, whatever it forwards")
                .isEqualTo(200);
    }

    // ---- raw HTTP from a chosen local address ----------------------------------------------------------------

    record Raw(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private Raw request(String from, String bearer, String forwardedFor) {
        return request(from, bearer, forwardedFor, "/api/nas");
    }

    private Raw request(String from, String bearer, String forwardedFor, String path) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", h.port), 5_000);
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
            if (bearer != null) {
                request.append("Authorization: Bearer ").append(bearer).append("\r\n");
            }
            if (forwardedFor != null) {
                request.append("X-Forwarded-For: ").append(forwardedFor).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String[] head = response.substring(0, end).split("\r\n");
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.put(
                        head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        head[i].substring(colon + 1).trim());
            }
            return new Raw(Integer.parseInt(head[0].split(" ")[1]), headers, response.substring(end + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
