package io.sessionkeeper.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.radius.testing.Radclient;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The jar's other commands and its refusal of bad configuration, as an operator meets them. */
class CommandLineIT {
    record Run(int exitCode, String output) {}

    static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                ServiceProcess.jar().toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("SESSION_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("did not finish: " + command);
        }
        return new Run(
                process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void versionAndHelpNameTheCommands() throws Exception {
        Run version = run(Map.of(), "version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.output()).startsWith("sessionkeeper 0.1.0");

        Run help = run(Map.of(), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("serve", "migrate", "cleanup", "archive", "version");
        // the load generator is a jar of its own (session-loadgen, ADR 0026): the service does not ship it
        assertThat(help.output()).doesNotContain("loadgen");
        Run loadgen = run(Map.of(), "loadgen");
        assertThat(loadgen.exitCode()).isEqualTo(2);
        assertThat(loadgen.output()).startsWith("Unmatched argument at index 0: 'loadgen'");
        assertThat(run(Map.of(), "serve", "--help").output()).contains("--config");
    }

    @Test
    void anInvalidSettingStopsStartUpNamingIt() throws Exception {
        Run run = run(Map.of("SESSION_HTTP_PORT", "eighty"), "serve");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("configuration error: SESSION_HTTP_PORT: must be a whole number");
    }

    @Test
    void aMistypedVariableIsNamedAtStartUpAndAHugeDurationNamesItsSetting() throws Exception {
        Run run = run(
                Map.of("SESSION_HTTP_PROT", "8081", "SESSION_CLEANUP_INTERVAL", "99999999999999999999s"),
                "--config",
                "/dev/null",
                "migrate");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output())
                .contains(
                        "warning: SESSION_HTTP_PROT is not a setting and is ignored (did you mean SESSION_HTTP_PORT?)")
                .contains("configuration error: SESSION_CLEANUP_INTERVAL: is too long a duration")
                .doesNotContain("NumberFormatException")
                .doesNotContain("\tat ");
        assertThat(run(Map.of(), "version", "--help").exitCode()).isZero();
    }

    @Test
    void aPortAlreadyInUseEndsStartUpWithOneLineAndExitCode2() throws Exception {
        Path dataDir = Files.createTempDirectory("sessionkeeper-port-taken");
        try {
            int httpPort;
            int radiusPort = ServiceProcess.freeUdpPort();
            try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                httpPort = taken.getLocalPort();
                Run run = run(serveOn(dataDir, httpPort, radiusPort), "serve");

                assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
                assertThat(run.output())
                        .contains("error: cannot listen on tcp 127.0.0.1:" + httpPort + ": address already in use")
                        .doesNotContain("Exception")
                        .doesNotContain("\tat ");
            }
            httpPort = ServiceProcess.freeTcpPort();
            try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                radiusPort = taken.getLocalPort();
                Run run = run(serveOn(dataDir, httpPort, radiusPort), "serve");

                assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
                assertThat(run.output())
                        .contains("error: cannot listen on udp 127.0.0.1:" + radiusPort + ": address already in use")
                        .doesNotContain("Exception")
                        .doesNotContain("\tat ");
            }
        } finally {
            deleteRecursively(dataDir);
        }
    }

    private static Map<String, String> serveOn(Path dataDir, int httpPort, int radiusPort) {
        return Map.of(
                "SESSION_DATA_DIR",
                dataDir.toString(),
                "SESSION_HTTP_BIND",
                "127.0.0.1",
                "SESSION_HTTP_PORT",
                Integer.toString(httpPort),
                "SESSION_RADIUS_BIND",
                "127.0.0.1",
                "SESSION_RADIUS_ACCT_PORT",
                Integer.toString(radiusPort),
                "SESSION_BOOTSTRAP_TOKEN",
                ServiceProcess.TOKEN);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void migrateAppliesTheSchemaOnceAndCleanupClosesStaleSessions() throws Exception {
        Path dataDir = ScratchDirectories.create("sessionkeeper-cli");
        Map<String, String> env = Map.of("SESSION_DATA_DIR", dataDir.toString());

        Run first = run(env, "migrate");
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).containsPattern("applied [1-9]\\d* migration\\(s\\); schema version \\d+");
        assertThat(run(env, "migrate").output()).contains("applied 0 migration(s)");

        Radclient.assumeInstalled();
        try (ServiceProcess service = ServiceProcess.start(dataDir, Map.of())) {
            assertThat(service.api().post("/api/nas", """
                            {"name":"Router","ipAddress":"127.0.0.1","secret":"cli-secret"}""").status()).isEqualTo(201);
            // an Event-Timestamp more than 24 h old is not believed (arrival time is used), so: 3 h
            long threeHoursAgo = Instant.now().getEpochSecond() - 3 * 3_600;
            Radclient.Result sent = Radclient.accounting(
                    service.radiusPort(), "cli-secret", """
                    Acct-Status-Type = Start
                    User-Name = "silent"
                    Acct-Session-Id = "S1"
                    Event-Timestamp = %d
                    """.formatted(threeHoursAgo), "-r", "3", "-t", "3");
            assertThat(sent.accountingResponses()).as(sent.output()).isEqualTo(1);
            // the session history's job runs its first round at start: this month's partition and two ahead
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!service.output().contains("session archive:") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(service.output())
                    .containsPattern(
                            "session archive: 0 sessions archived, [3-9] partitions made, 0 months written out");
        }

        Map<String, String> oneHour = Map.of("SESSION_DATA_DIR", dataDir.toString(), "SESSION_STALE_THRESHOLD", "1h");
        assertThat(run(env, "cleanup").output()).contains("closed 0 stale sessions");
        Run cleanup = run(oneHour, "cleanup");
        assertThat(cleanup.exitCode()).as(cleanup.output()).isZero();
        assertThat(cleanup.output()).contains("closed 1 stale sessions");
        assertThat(run(oneHour, "cleanup").output()).contains("closed 0 stale sessions");

        // one round of it from the command line: the partitions are there; the session closed an hour ago stays hot
        Run archive = run(env, "archive");
        assertThat(archive.exitCode()).as(archive.output()).isZero();
        assertThat(archive.output())
                .contains("session archive: 0 sessions archived, 0 partitions made, 0 months written out and dropped,"
                        + " 0 sessions in the default partition");
        Run refused = run(Map.of("SESSION_DATA_DIR", dataDir.toString(), "SESSION_RETENTION", "30d"), "archive");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("SESSION_RETENTION: must be 0 (kept for ever) or at least 31d more");
    }

    @Test
    void theScheduledCleanupRunsInsideTheService() throws Exception {
        Radclient.assumeInstalled();
        Path dataDir = ScratchDirectories.create("sessionkeeper-scheduled");
        try (ServiceProcess service = ServiceProcess.start(
                dataDir, Map.of("SESSION_CLEANUP_INTERVAL", "1s", "SESSION_STALE_THRESHOLD", "10m"))) {
            ApiClient api = service.api();
            assertThat(api.post("/api/nas", """
                            {"name":"Router","ipAddress":"127.0.0.1","secret":"cli-secret"}""").status()).isEqualTo(201);
            long hourAgo = Instant.now().getEpochSecond() - 3_600;
            Radclient.Result sent = Radclient.accounting(
                    service.radiusPort(), "cli-secret", """
                    Acct-Status-Type = Start
                    User-Name = "silent"
                    Acct-Session-Id = "S2"
                    Event-Timestamp = %d
                    """.formatted(hourAgo), "-r", "3", "-t", "3");
            assertThat(sent.accountingResponses()).isEqualTo(1);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String cause = null;
            while (System.nanoTime() < deadline && cause == null) {
                var session = api.get("/api/sessions?search=silent")
                        .body()
                        .get("sessions")
                        .get(0);
                cause = session.get("terminateCause").isNull()
                        ? null
                        : session.get("terminateCause").asText();
                Thread.sleep(200);
            }
            assertThat(cause).isEqualTo("Stale-Session-Cleanup");
            assertThat(service.output()).contains("stale cleanup closed 1 sessions");
            assertThat(api.get("/metrics").raw())
                    .contains("sessionkeeper_radius_packets_answered_total 1.0")
                    .contains("sessionkeeper_radius_ack_seconds_count 1")
                    .contains("sessionkeeper_radius_ack_seconds_bucket{le=\"1.0\"} 1")
                    .contains("sessionkeeper_sessions_active");
        }
    }
}
