package io.sessionkeeper.adapter.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sessionkeeper.adapter.persistence.database.ConnectionPools;
import io.sessionkeeper.adapter.persistence.database.DataSources;
import io.sessionkeeper.adapter.persistence.database.DatabaseConfig;
import io.sessionkeeper.adapter.persistence.database.DatabaseMigrator;
import io.sessionkeeper.adapter.persistence.database.EmbeddedDatabase;
import io.sessionkeeper.adapter.persistence.database.PoolRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The PostgreSQL of this test JVM, shared by every test class: an embedded server on a temporary directory, or the
 * external database named by {@code SESSION_TEST_DB_URL} (with {@code SESSION_TEST_DB_USER},
 * {@code SESSION_TEST_DB_PASSWORD}). Migrated once; tests truncate the tables they use.
 */
public final class TestDatabase {
    public static final String ENV_URL = "SESSION_TEST_DB_URL";
    public static final String ENV_USER = "SESSION_TEST_DB_USER";
    public static final String ENV_PASSWORD = "SESSION_TEST_DB_PASSWORD";

    private static TestDatabase instance;

    private final String url;
    private final String user;
    private final String password;
    private final HikariDataSource dataSource;

    private TestDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.dataSource = DataSources.withoutTimeouts(url, user, password, 6, "test-shared");
        DatabaseMigrator.migrate(dataSource);
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
        EmbeddedDatabase embedded =
                EmbeddedDatabase.start(new DatabaseConfig.Embedded(directory, ConnectionPools.defaults(), false));
        TestDatabase database = new TestDatabase(embedded.jdbcUrl(), embedded.user(), null);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            database.dataSource.close();
            embedded.close();
            deleteRecursively(directory);
        }));
        return database;
    }

    /** This database as an external one, for {@link PostgresPersistence#open}, with small pools. */
    public DatabaseConfig.External asExternal() {
        return asExternal(SMALL_POOLS);
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

    /** Empties every table. */
    public void truncate() {
        execute("TRUNCATE sessions, session_samples, nas, customers, api_tokens, tenants");
    }

    public void execute(String sql) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("sessionkeeper-pg-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}
