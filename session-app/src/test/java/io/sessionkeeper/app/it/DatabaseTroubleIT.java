package io.sessionkeeper.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.persistence.ServerProcesses;
import io.sessionkeeper.adapter.radius.testing.TestPacket;
import io.sessionkeeper.adapter.radius.testing.UdpPeer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged service on an external PostgreSQL that the test stalls (SIGSTOP), stops, locks and floods: the API
 * answers 503 with Retry-After within two seconds instead of a 500 after ten, /metrics and /health/ready answer
 * without waiting for the database, unauthenticated traffic is throttled before any token look-up, and accounting
 * keeps committing while the API's connections are all busy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class DatabaseTroubleIT {
    private static final String SECRET = "trouble-secret";
    private static final String TRUSTED_PROXY = "127.0.0.7";
    private static final Duration PROMPT = Duration.ofSeconds(2);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path cluster;
    private Path dataDir;
    private int dbPort;
    private EmbeddedPostgres postgres;
    private ServiceProcess service;

    @BeforeAll
    void start() throws Exception {
        cluster = Files.createTempDirectory("sessionkeeper-trouble-pg");
        dataDir = Files.createTempDirectory("sessionkeeper-trouble");
        dbPort = ServiceProcess.freeTcpPort();
        postgres = startPostgres();
        service = ServiceProcess.start(
                dataDir,
                Map.of(
                        "SESSION_DB_URL",
                        "jdbc:postgresql://localhost:" + dbPort + "/postgres",
                        "SESSION_DB_USER",
                        "postgres",
                        "SESSION_RATE_LIMIT_PER_MINUTE",
                        "0",
                        "SESSION_TRUSTED_PROXIES",
                        TRUSTED_PROXY,
                        // the key of the NAS secrets, which an external database needs once they are encrypted
                        "SESSION_SECRET_KEY",
                        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));
        ApiClient.Response nas = service.api().post("/api/nas", """
                {"name":"Trouble Router","ipAddress":"127.0.0.1","secret":"%s","vendor":"mikrotik"}""".formatted(SECRET));
        assertThat(nas.status()).as(nas.raw()).isEqualTo(201);
    }

    @AfterAll
    void stop() throws IOException {
        try {
            if (service != null) {
                service.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
            deleteRecursively(cluster);
            deleteRecursively(dataDir);
        }
    }

    @Test
    void aStalledDatabaseIs503WithRetryAfterWithinTwoSecondsWhileMetricsStillAnswer() throws Exception {
        assertThat(get("/api/sessions", ServiceProcess.TOKEN).statusCode()).isEqualTo(200);
        ServerProcesses server = ServerProcesses.of(cluster);

        server.stall();
        try {
            // A request whose connection was in use at the stall waits for the socket time-out (statement time-out
            // + 2 s); one that comes later finds HikariCP checking the idle connection (>0.5 s idle) and failing.
            Thread.sleep(1_000);

            Timed api = timed(() -> get("/api/sessions", ServiceProcess.TOKEN));
            assertThat(api.response().statusCode()).as(api.response().body()).isEqualTo(503);
            assertThat(api.response().headers().firstValue("Retry-After")).contains("5");
            assertThat(api.response().body()).contains("\"code\":\"service_unavailable\"");
            assertThat(api.took()).isLessThan(PROMPT);

            Timed ready = timed(() -> get("/health/ready", null));
            assertThat(ready.response().statusCode()).isEqualTo(503);
            assertThat(ready.took()).isLessThan(PROMPT);

            Timed metrics = timed(() -> get("/metrics", null));
            assertThat(metrics.response().statusCode()).isEqualTo(200);
            assertThat(metrics.response().body()).contains("sessionkeeper_sessions_active");
            assertThat(metrics.took()).isLessThan(PROMPT);
        } finally {
            server.resume();
        }
        awaitApi(200);
    }

    @Test
    void aStoppedDatabaseIs503WithinTwoSecondsAndTheServiceRecoversWhenItReturns() throws Exception {
        assertThat(get("/api/nas", ServiceProcess.TOKEN).statusCode()).isEqualTo(200);

        postgres.close();
        try {
            Timed api = timed(() -> get("/api/nas", ServiceProcess.TOKEN));
            assertThat(api.response().statusCode()).as(api.response().body()).isEqualTo(503);
            assertThat(api.response().headers().firstValue("Retry-After")).isPresent();
            assertThat(api.took()).isLessThan(PROMPT);
            Timed ready = timed(() -> get("/health/ready", null));
            assertThat(ready.response().statusCode()).isEqualTo(503);
            assertThat(ready.took()).isLessThan(PROMPT);
        } finally {
            postgres = startPostgres();
        }
        awaitApi(200);
    }

    @Test
    void accountingKeepsCommittingWhileEveryApiConnectionWaitsOnALock() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        try (Connection locker = DriverManager.getConnection(
                        "jdbc:postgresql://localhost:" + dbPort + "/postgres", "postgres", null);
                Statement lock = locker.createStatement();
                UdpPeer nas = new UdpPeer()) {
            InetSocketAddress radius = new InetSocketAddress(InetAddress.getLoopbackAddress(), service.radiusPort());
            byte[] warmUp = TestPacket.start(0, "WARM-UP", "warm-up").sign(SECRET);
            assertThat(exchange(nas, radius, warmUp, 20))
                    .as("the accounting path works")
                    .isPresent();
            locker.setAutoCommit(false);
            lock.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE");
            long flooded = System.nanoTime();
            for (int i = 0; i < 24; i++) {
                flood.add(http.sendAsync(
                        request("/api/customers", ServiceProcess.TOKEN), HttpResponse.BodyHandlers.ofString()));
            }
            Thread.sleep(500); // the listings now hold every API connection

            for (int i = 1; i <= 5; i++) {
                byte[] start = TestPacket.start(i, "LOCKED-" + i, "ingest-" + i).sign(SECRET);
                Optional<byte[]> answer = exchange(nas, radius, start, 4);
                assertThat(answer)
                        .as("Start %d answered within 2 s while the API is stuck", i)
                        .isPresent();
                assertThat(TestPacket.validResponse(answer.get(), start, SECRET))
                        .isTrue();
            }
            // Hold the lock past the API pool's 1 s wait, so that the listings queued behind the eight held
            // connections are refused (503) whatever the speed of the Starts above.
            long held = (System.nanoTime() - flooded) / 1_000_000;
            Thread.sleep(Math.max(0, 2_000 - held));
            locker.rollback();
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : flood) {
            statuses.add(response.get().statusCode());
        }
        assertThat(statuses)
                .as("the listings fail as unavailable, never as errors")
                .isSubsetOf(200, 503);
        assertThat(statuses).contains(503);
        ApiClient.Response stored = service.api().get("/api/sessions?search=ingest-&pageSize=10");
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.body().get("total").asLong()).isEqualTo(5);
    }

    @Test
    void failedAuthenticationsAreThrottledPerClientBeforeAnyLookUp() {
        for (int i = 0; i < 20; i++) {
            assertThat(raw("127.0.0.5", "sk_guess-" + i, null))
                    .as("failure %d", i)
                    .startsWith("HTTP/1.1 401");
        }
        String throttled = raw("127.0.0.5", ServiceProcess.TOKEN, null);
        assertThat(throttled).startsWith("HTTP/1.1 429").containsIgnoringCase("Retry-After:");
        assertThat(raw("127.0.0.5", ServiceProcess.TOKEN, "198.51.100.77"))
                .as("a made-up X-Forwarded-For from an untrusted peer changes nothing")
                .startsWith("HTTP/1.1 429");
        assertThat(raw("127.0.0.6", ServiceProcess.TOKEN, null)).startsWith("HTTP/1.1 200");

        for (int i = 0; i < 20; i++) {
            assertThat(raw(TRUSTED_PROXY, "sk_guess-" + i, "203.0.113.9")).startsWith("HTTP/1.1 401");
        }
        assertThat(raw(TRUSTED_PROXY, ServiceProcess.TOKEN, "203.0.113.9")).startsWith("HTTP/1.1 429");
        assertThat(raw(TRUSTED_PROXY, ServiceProcess.TOKEN, "203.0.113.10")).startsWith("HTTP/1.1 200");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private EmbeddedPostgres startPostgres() throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(cluster)
                .setCleanDataDirectory(false)
                .setPort(dbPort)
                .setServerConfig("fsync", "off")
                .start();
    }

    private record Timed(HttpResponse<String> response, Duration took) {}

    private interface Call {
        HttpResponse<String> run() throws Exception;
    }

    private static Timed timed(Call call) throws Exception {
        long began = System.nanoTime();
        HttpResponse<String> response = call.run();
        return new Timed(response, Duration.ofNanos(System.nanoTime() - began));
    }

    private HttpRequest request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + service.httpPort() + path))
                .timeout(Duration.ofSeconds(60));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.GET().build();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(request(path, token), HttpResponse.BodyHandlers.ofString());
    }

    /** Until the API answers {@code status} again (the pools reconnect on their own). */
    private void awaitApi(int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int last;
        do {
            last = get("/api/sessions", ServiceProcess.TOKEN).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the API still answers " + last + " a minute after the database came back");
    }

    /** Sends and re-sends, like a NAS, every half second. */
    private static Optional<byte[]> exchange(UdpPeer nas, InetSocketAddress target, byte[] packet, int attempts) {
        for (int i = 0; i < attempts; i++) {
            nas.send(packet, target);
            Optional<UdpPeer.Received> received = nas.receive(500);
            if (received.isPresent()) {
                return Optional.of(received.get().octets());
            }
        }
        return Optional.empty();
    }

    /** GET /api/nas from a chosen loopback address, as raw HTTP (the JDK client cannot pick its source address). */
    private String raw(String from, String token, String forwardedFor) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", service.httpPort()), 5_000);
            socket.setSoTimeout(30_000);
            String request = "GET /api/nas HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n"
                    + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n")
                    + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
