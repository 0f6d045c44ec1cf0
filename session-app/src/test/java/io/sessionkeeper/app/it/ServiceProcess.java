package io.sessionkeeper.app.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code java -jar session-app.jar serve}) as an operator runs it: its own process, the
 * embedded PostgreSQL under a data directory, ports on loopback. Stopped with SIGTERM like a service manager does.
 */
final class ServiceProcess implements AutoCloseable {
    static final String TOKEN = "it-bootstrap-token-0123456789abcdef";

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final int httpPort;
    private final int radiusPort;
    private final Path dataDir;

    private ServiceProcess(Process process, int httpPort, int radiusPort, Path dataDir) {
        this.process = process;
        this.httpPort = httpPort;
        this.radiusPort = radiusPort;
        this.dataDir = dataDir;
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("sessionkeeper.jar", "target/session-app.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("run through Maven's verify phase: " + jar + " is built by package");
        }
        return jar;
    }

    /**
     * Starts the service over {@code dataDir} and waits until it says it runs: on fresh ports, unless {@code
     * extraEnv} names them ({@code SESSION_HTTP_PORT}, {@code SESSION_RADIUS_ACCT_PORT}: a restart where the NAS
     * keeps sending).
     */
    static ServiceProcess start(Path dataDir, Map<String, String> extraEnv) {
        int httpPort = extraEnv.containsKey("SESSION_HTTP_PORT")
                ? Integer.parseInt(extraEnv.get("SESSION_HTTP_PORT"))
                : freeTcpPort();
        int radiusPort = extraEnv.containsKey("SESSION_RADIUS_ACCT_PORT")
                ? Integer.parseInt(extraEnv.get("SESSION_RADIUS_ACCT_PORT"))
                : freeUdpPort();
        Map<String, String> env = new HashMap<>();
        env.put("SESSION_DATA_DIR", dataDir.toString());
        env.put("SESSION_HTTP_BIND", "127.0.0.1");
        env.put("SESSION_HTTP_PORT", Integer.toString(httpPort));
        env.put("SESSION_RADIUS_BIND", "127.0.0.1");
        env.put("SESSION_RADIUS_ACCT_PORT", Integer.toString(radiusPort));
        env.put("SESSION_BOOTSTRAP_TOKEN", TOKEN);
        env.put("SESSION_NAS_REFRESH", "1s");
        env.putAll(extraEnv);
        try {
            ProcessBuilder builder = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-jar",
                            jar().toAbsolutePath().toString(),
                            "serve")
                    .redirectErrorStream(true);
            builder.environment().keySet().removeIf(k -> k.startsWith("SESSION_"));
            builder.environment().putAll(env);
            Process process = builder.start();
            ScratchDirectories.endAtExit(process.toHandle());
            ServiceProcess service = new ServiceProcess(process, httpPort, radiusPort, dataDir);
            service.awaitRunning();
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitRunning() {
        CountDownLatch running = new CountDownLatch(1);
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            output.append(line).append('\n');
                            if (line.startsWith("SessionKeeper is running")) {
                                running.countDown();
                            }
                        }
                    } catch (IOException e) {
                        output.append("(output closed: ").append(e).append(")\n");
                    }
                },
                "service-output");
        reader.setDaemon(true);
        reader.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (!running.await(200, TimeUnit.MILLISECONDS)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the service did not start:\n" + output);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int httpPort() {
        return httpPort;
    }

    int radiusPort() {
        return radiusPort;
    }

    Path dataDir() {
        return dataDir;
    }

    String output() {
        return output.toString();
    }

    ApiClient api() {
        return new ApiClient(httpPort, TOKEN);
    }

    /** SIGTERM (keeping its output readable), then waits for the process to end; returns its exit code. */
    int stop() {
        process.toHandle().destroy();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the service did not stop within 120 s:\n" + output);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM through the process handle: Process.destroy() would also close our end of its output. */
    void sendTerm() {
        process.toHandle().destroy();
    }

    /**
     * SIGKILL, as a crash, the kernel's OOM killer or a killed container: the service gets no chance to drain,
     * commit or answer. Its embedded PostgreSQL, if it runs one, is killed with it, server and backends (pg_ctl
     * starts it detached, so it is found by the pid in its {@code postmaster.pid}, not among the JVM's children):
     * only what PostgreSQL had made durable survives. Returns once every killed process has ended.
     */
    void kill() {
        // the service first, so that it sends nothing more (an answer, a COMMIT) from here on
        process.toHandle().destroyForcibly();
        List<ProcessHandle> victims = new ArrayList<>();
        victims.add(process.toHandle());
        embeddedPostmaster().ifPresent(server -> {
            victims.addAll(server.descendants().toList());
            victims.add(server);
        });
        victims.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle victim : victims) {
            try {
                victim.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("pid " + victim.pid() + " did not end after SIGKILL", e);
            }
        }
    }

    private Optional<ProcessHandle> embeddedPostmaster() {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            return ProcessHandle.of(pid)
                    .filter(p ->
                            p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + pidFile, e);
        }
    }

    boolean awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    static int freeTcpPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
