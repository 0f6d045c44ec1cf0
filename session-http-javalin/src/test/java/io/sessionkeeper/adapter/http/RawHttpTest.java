package io.sessionkeeper.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests no well-behaved client library sends, written on a raw socket: still the one error shape. */
class RawHttpTest {
    private ApiHarness h;
    private String token;

    @BeforeEach
    void start() {
        h = new ApiHarness();
        token = h.token(ApiHarness.ACME);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private String raw(String requestLine) {
        try (Socket socket = new Socket("127.0.0.1", h.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: localhost\r\nAuthorization: Bearer " + token
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertJsonError(String response, int status, String code) {
        assertThat(response).startsWith("HTTP/1.1 " + status + " ");
        assertThat(response).containsIgnoringCase("Content-Type: application/json");
        assertThat(response).contains("{\"error\":{\"code\":\"" + code + "\"");
        assertThat(response).doesNotContain("<html");
    }

    @Test
    void malformedPercentEncodingIs400Json() {
        assertJsonError(raw("GET /api/customers/%ZZ HTTP/1.1"), 400, "bad_request");
    }

    @Test
    void nulInThePathIs400Json() {
        assertJsonError(raw("GET /api/customers/a%00b HTTP/1.1"), 400, "bad_request");
    }

    @Test
    void overlongUriIs414Json() {
        assertJsonError(raw("GET /api/sessions?search=" + "a".repeat(9000) + " HTTP/1.1"), 414, "uri_too_long");
    }

    @Test
    void headIsRefusedWith405InsteadOfAnUnauthenticated200() {
        String response = raw("HEAD /api/sessions HTTP/1.1");
        assertThat(response).startsWith("HTTP/1.1 405 ");
        assertThat(response).contains("Allow: GET");
    }

    @Test
    void unknownMethodIs405Json() {
        assertJsonError(raw("BREW /api/sessions HTTP/1.1"), 405, "method_not_allowed");
    }

    @Test
    void encodedSlashInAUsernameIsJustAnUnknownCustomer() {
        assertJsonError(raw("GET /api/customers/a%2Fb HTTP/1.1"), 404, "not_found");
    }

    @Test
    void trailingSlashIsTheSameRoute() {
        assertThat(raw("GET /api/sessions/ HTTP/1.1")).startsWith("HTTP/1.1 200 ");
    }
}
