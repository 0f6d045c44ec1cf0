package io.sessionkeeper.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.radius.testing.TestPacket;
import io.sessionkeeper.adapter.radius.testing.UdpPeer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * NAS secrets encrypted at rest, as an operator meets them in the packaged jar: the key file of the embedded
 * database, wrong and missing keys refused at start with one line, {@code rotate-key}, and no secret (nor key) in
 * the log, the metrics or an API answer.
 */
class SecretsIT {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<Path> dataDirs = new ArrayList<>();

    private Path dataDir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        dataDirs.add(dir);
        return dir;
    }

    /** The data directories (each with a PostgreSQL cluster of some 70 MB) go with the test. */
    @AfterEach
    void deleteDataDirs() throws IOException {
        for (Path dir : dataDirs) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    private static String newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    void noSecretNorKeyInTheLogTheMetricsOrAnyAnswerAndTheKeyFileIsOwnerOnly() throws Exception {
        Path dataDir = dataDir("sessionkeeper-secrets");
        String first = "first-nas-secret-" + Long.toHexString(RANDOM.nextLong());
        String second = "second-nas-secret-" + Long.toHexString(RANDOM.nextLong());
        String log;
        String keyFile;
        try (ServiceProcess service = ServiceProcess.start(dataDir, Map.of("SESSION_LOG_LEVEL", "TRACE"))) {
            ApiClient api = service.api();
            ApiClient.Response created = api.post("/api/nas", """
                    {"name":"Router","ipAddress":"127.0.0.1","secret":"%s"}""".formatted(first));
            assertThat(created.status()).isEqualTo(201);
            String id = created.body().get("id").asText();
            ApiClient.Response updated = api.put("/api/nas/" + id, """
                    {"name":"Router","ipAddress":"127.0.0.1","secret":"%s"}""".formatted(second));
            assertThat(updated.status()).isEqualTo(200);
            ApiClient.Response refused = api.post("/api/nas", """
                    {"name":"Copy","ipAddress":"127.0.0.1","secret":"%s"}""".formatted(first));
            assertThat(refused.status()).isEqualTo(409);

            assertThat(accountingAnswered(service, second))
                    .as("the stored secret is the one given")
                    .isTrue();
            String metrics = api.get("/metrics").raw();
            assertThat(metrics).contains("sessionkeeper_radius_packets_answered_total 1.0");
            for (ApiClient.Response answer :
                    new ApiClient.Response[] {created, updated, refused, api.get("/api/nas"), api.get("/api/nas/" + id)
                    }) {
                assertThat(answer.raw()).doesNotContain(first).doesNotContain(second);
            }
            assertThat(metrics).doesNotContain(first).doesNotContain(second);

            Path file = dataDir.resolve("secret.key");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            keyFile = Files.readString(file);
            service.stop();
            log = service.output();
        }

        String key = keyFile.lines()
                .filter(line -> line.startsWith("k1:"))
                .findFirst()
                .orElseThrow()
                .substring(3);
        assertThat(log).as("the log was written at TRACE").contains("secrets: encrypting with key k1");
        assertThat(log).doesNotContain(first).doesNotContain(second).doesNotContain(key);
    }

    @Test
    void anExternalDatabaseWithoutAKeyStopsStartUpWithOneLine() throws Exception {
        CommandLineIT.Run run =
                CommandLineIT.run(Map.of("SESSION_DB_URL", "jdbc:postgresql://127.0.0.1:9/none"), "serve");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output().strip())
                .isEqualTo("configuration error: SESSION_SECRET_KEY: is required with an external database"
                        + " (SESSION_DB_URL): every instance of the database needs the same key; make one with:"
                        + " openssl rand -base64 32");
    }

    @Test
    void aWrongKeyIsRefusedAtStartWithOneLineAndNoStackTrace() throws Exception {
        Path dataDir = dataDir("sessionkeeper-wrong-key");
        Map<String, String> embedded = Map.of("SESSION_DATA_DIR", dataDir.toString());
        assertThat(CommandLineIT.run(embedded, "migrate").exitCode()).isZero();
        String wrongKey = newKey();

        CommandLineIT.Run run = CommandLineIT.run(with(embedded, "SESSION_SECRET_KEY", wrongKey), "serve");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output())
                .contains("configuration error: SESSION_SECRET_KEY: key 'k1' is not the key this database knows under"
                        + " that id")
                .doesNotContain("\tat ")
                .doesNotContain("Exception")
                .doesNotContain(wrongKey);
    }

    @Test
    void rotateKeyReencryptsUnderTheNewKeyAndAnInstanceLackingAKeyInUseRefusesToStart() throws Exception {
        Path dataDir = dataDir("sessionkeeper-rotate");
        String secret = "rotated-nas-secret";
        try (ServiceProcess service = ServiceProcess.start(dataDir, Map.of())) {
            assertThat(service.api().post("/api/nas", """
                            {"name":"Router","ipAddress":"127.0.0.1","secret":"%s"}""".formatted(secret)).status())
                    .isEqualTo(201);
        }
        String oldKey = Files.readString(dataDir.resolve("secret.key"))
                .lines()
                .filter(line -> line.startsWith("k1:"))
                .findFirst()
                .orElseThrow();
        String newKey = "k2:" + newKey();
        Map<String, String> embedded = Map.of("SESSION_DATA_DIR", dataDir.toString());

        CommandLineIT.Run newKeyOnly = CommandLineIT.run(with(embedded, "SESSION_SECRET_KEY", newKey), "serve");
        assertThat(newKeyOnly.exitCode()).as(newKeyOnly.output()).isEqualTo(2);
        assertThat(newKeyOnly.output())
                .contains("configuration error: SESSION_SECRET_KEY lacks key(s) k1, under which 1"
                        + " stored secret(s) are encrypted");

        CommandLineIT.Run rotated =
                CommandLineIT.run(with(embedded, "SESSION_SECRET_KEY", newKey + "," + oldKey), "rotate-key");
        assertThat(rotated.exitCode()).as(rotated.output()).isZero();
        assertThat(rotated.output())
                .contains("re-encrypted 1 secret(s) with key k2; stored secrets by key now: {k2=1}")
                .contains("done: keys other than k2 may now be removed from every instance")
                .doesNotContain(newKey.substring(3))
                .doesNotContain(oldKey.substring(3));

        try (ServiceProcess service = ServiceProcess.start(dataDir, Map.of("SESSION_SECRET_KEY", newKey))) {
            assertThat(accountingAnswered(service, secret)).isTrue();
        }
        CommandLineIT.Run keyFileOnly = CommandLineIT.run(embedded, "serve");
        assertThat(keyFileOnly.exitCode()).isEqualTo(2);
        assertThat(keyFileOnly.output())
                .contains("configuration error: key file " + dataDir.resolve("secret.key") + " lacks key(s) k2");
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> copy = new HashMap<>(env);
        copy.put(name, value);
        return copy;
    }

    /** A signed Accounting-Start from 127.0.0.1 (the registered NAS) gets a correctly signed answer. */
    private static boolean accountingAnswered(ServiceProcess service, String secret) {
        try (UdpPeer nas = new UdpPeer()) {
            byte[] request = TestPacket.start(7, "S-" + RANDOM.nextInt(1_000_000), "alice")
                    .sign(secret);
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), service.radiusPort());
            for (int attempt = 0; attempt < 10; attempt++) {
                nas.send(request, target);
                Optional<UdpPeer.Received> answer = nas.receive(1_000);
                if (answer.isPresent()) {
                    return TestPacket.validResponse(answer.get().octets(), request, secret);
                }
            }
            return false;
        }
    }
}
