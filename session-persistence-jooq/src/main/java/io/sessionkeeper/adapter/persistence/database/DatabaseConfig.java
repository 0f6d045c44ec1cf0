package io.sessionkeeper.adapter.persistence.database;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the sessions are stored: an external PostgreSQL, or an embedded one whose files live under a data
 * directory (default {@code ./data}) so that a restart keeps them.
 */
public sealed interface DatabaseConfig permits DatabaseConfig.External, DatabaseConfig.Embedded {
    String ENV_URL = "SESSION_DB_URL";
    String ENV_USER = "SESSION_DB_USER";
    String ENV_PASSWORD = "SESSION_DB_PASSWORD";
    String ENV_POOL_SIZE = "SESSION_DB_POOL_SIZE";
    String ENV_DATA_DIR = "SESSION_DATA_DIR";
    Path DEFAULT_DATA_DIR = Path.of("data");

    /** The connection pools of this instance, one per kind of work. */
    ConnectionPools pools();

    /** A PostgreSQL the operator runs. {@code user} and {@code password} may be null (then the URL says them). */
    record External(String url, String user, String password, ConnectionPools pools) implements DatabaseConfig {
        public External {
            if (url == null || !url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("database url must start with jdbc:postgresql:");
            }
            Objects.requireNonNull(pools, "pools");
        }

        @Override
        public String toString() {
            return "External[url=" + url + ", user=" + user + ", connections=" + pools.totalSize() + "]";
        }
    }

    /**
     * A PostgreSQL started by the service from a Maven artifact, everything under {@code dataDirectory} (made
     * 0700): its cluster in {@code postgres}, the password of the service's database role in
     * {@code database-password}, and by default the server binaries in {@code postgres-bin}. {@code durable} keeps
     * fsync on (off only for throw-away test databases). {@code binariesDirectory} (null: the default) is where the
     * binaries are unpacked, made 0700 too; never a shared temporary directory, where anybody could swap them.
     */
    record Embedded(Path dataDirectory, ConnectionPools pools, boolean durable, Path binariesDirectory)
            implements DatabaseConfig {
        public Embedded {
            Objects.requireNonNull(dataDirectory, "dataDirectory");
            Objects.requireNonNull(pools, "pools");
            if (binariesDirectory == null) {
                binariesDirectory = dataDirectory.resolve("postgres-bin");
            }
        }

        /** The binaries in the data directory. */
        public Embedded(Path dataDirectory, ConnectionPools pools, boolean durable) {
            this(dataDirectory, pools, durable, null);
        }

        public static Embedded in(Path dataDirectory) {
            return new Embedded(dataDirectory, ConnectionPools.defaults(), true);
        }

        /** Where PostgreSQL keeps its cluster, below the service's data directory. */
        public Path clusterDirectory() {
            return dataDirectory.resolve("postgres");
        }

        /** The password of the service's database role (0600; made at the first start). */
        public Path passwordFile() {
            return dataDirectory.resolve("database-password");
        }
    }

    /**
     * {@value #ENV_URL} (with {@value #ENV_USER}, {@value #ENV_PASSWORD}) selects an external database;
     * otherwise the embedded one under {@value #ENV_DATA_DIR} (default {@code ./data}). {@value #ENV_POOL_SIZE}
     * sizes the API pool of either; the other pools keep their defaults.
     */
    static DatabaseConfig fromEnvironment(Map<String, String> env) {
        ConnectionPools pools = ConnectionPools.defaults();
        String pool = blankToNull(env.get(ENV_POOL_SIZE));
        if (pool != null) {
            try {
                pools = pools.with(PoolRole.API, pools.api().withSize(Integer.parseInt(pool.trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ENV_POOL_SIZE + " must be a number: " + pool, e);
            }
        }
        String url = blankToNull(env.get(ENV_URL));
        if (url != null) {
            return new External(url.trim(), blankToNull(env.get(ENV_USER)), env.get(ENV_PASSWORD), pools);
        }
        String dataDir = blankToNull(env.get(ENV_DATA_DIR));
        return new Embedded(dataDir == null ? DEFAULT_DATA_DIR : Path.of(dataDir.trim()), pools, true);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
