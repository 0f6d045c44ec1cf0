package io.sessionkeeper.adapter.radius.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real FreeRADIUS 3.2 server (Debian package {@code freeradius}) started in the foreground from a minimal raddb
 * written to a temporary directory: dictionaries from /usr/share/freeradius, nothing read from /etc/freeradius.
 * Stopped by its PID.
 */
public final class FreeRadiusServer implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/freeradius");

    private final Path directory;
    private final Process process;
    private final int port;

    private FreeRadiusServer(Path directory, Process process, int port) {
        this.directory = directory;
        this.process = process;
        this.port = port;
    }

    /** Skips the calling test, saying why, when FreeRADIUS is not installed (CI installs it). */
    public static void assumeInstalled() {
        assumeTrue(
                Files.isExecutable(BINARY),
                "freeradius is not installed (apt-get install freeradius); skipping tests that use it");
    }

    /** A free UDP port on loopback (there is a small window before the server binds it). */
    public static int freePort() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts FreeRADIUS with {@code sections} (clients, modules, servers...) after the base configuration, and
     * waits until it is ready. {@code port} is only remembered for {@link #port()}.
     */
    public static FreeRadiusServer start(int port, String sections) {
        try {
            Path dir = Files.createTempDirectory("freeradius");
            Files.writeString(dir.resolve("dictionary"), "$INCLUDE /usr/share/freeradius/dictionary\n");
            Files.writeString(dir.resolve("radiusd.conf"), base(dir) + sections, StandardCharsets.UTF_8);
            Path log = dir.resolve("radiusd.log");
            Process process = new ProcessBuilder(BINARY.toString(), "-X", "-d", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            FreeRadiusServer server = new FreeRadiusServer(dir, process, port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    String output = server.log();
                    server.close();
                    throw new IllegalStateException("freeradius exited with " + process.exitValue() + ":\n" + output);
                }
                if (Files.readString(log, StandardCharsets.UTF_8).contains("Ready to process requests")) {
                    return server;
                }
                Thread.sleep(20);
            }
            String output = server.log();
            server.close();
            throw new IllegalStateException("freeradius was not ready within 20 s:\n" + output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** What the server printed so far (-X: every packet it saw and what it did). */
    public String log() {
        try {
            return Files.readString(directory.resolve("radiusd.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                handle.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    private static String base(Path dir) {
        return """
                prefix = /usr
                exec_prefix = /usr
                sysconfdir = /etc
                localstatedir = /var
                sbindir = /usr/sbin
                logdir = %1$s
                raddbdir = %1$s
                radacctdir = %1$s
                name = freeradius
                confdir = %1$s
                modconfdir = %1$s
                run_dir = %1$s
                db_dir = %1$s
                libdir = /usr/lib/freeradius
                pidfile = %1$s/radiusd.pid
                dictdir = /usr/share/freeradius
                correct_escapes = true
                max_request_time = 5
                cleanup_delay = 0
                max_requests = 4096
                hostname_lookups = no
                log {
                  destination = stdout
                  colourise = no
                  auth = no
                }
                security {
                  allow_core_dumps = no
                  max_attributes = 200
                  reject_delay = 0
                  status_server = no
                }
                thread pool {
                  start_servers = 1
                  max_servers = 4
                  min_spare_servers = 1
                  max_spare_servers = 2
                  max_requests_per_server = 0
                }
                """.formatted(dir);
    }
}
