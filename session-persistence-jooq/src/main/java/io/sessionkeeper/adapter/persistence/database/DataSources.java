package io.sessionkeeper.adapter.persistence.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/** Connection pools (HikariCP) for the session store: one per {@link PoolRole}, and one without time-outs for Flyway. */
public final class DataSources {
    /** HikariCP checks an idle connection with {@code isValid} before lending it; pgjdbc counts in whole seconds. */
    private static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(1);

    private DataSources() {}

    /**
     * The pool of {@code role}, sized and timed by {@code pools}. {@code user}/{@code password} may be null when the
     * URL carries them; time-outs written in the URL win over these.
     */
    public static HikariDataSource pooled(
            String jdbcUrl, String user, String password, PoolRole role, ConnectionPools pools) {
        ConnectionPools.Pool pool = pools.pool(role);
        HikariConfig config = base(jdbcUrl, user, password, role.poolName(), pools.connectTimeoutSeconds());
        config.setMaximumPoolSize(pool.size());
        keepIdle(config, pool.size(), minimumIdle(role));
        config.setConnectionTimeout(pool.acquireTimeout().toMillis());
        config.setValidationTimeout(Math.min(pool.acquireTimeout().toMillis(), VALIDATION_TIMEOUT.toMillis()));
        // Server side: PostgreSQL cancels a longer statement itself (SQLSTATE 57014) and frees its locks. Set on
        // each new connection rather than as a startup option, so that an "options" parameter in the URL cannot
        // undo it.
        config.setConnectionInitSql(
                "SET statement_timeout = " + pool.statementTimeout().toMillis());
        // Client side: a server that does not answer at all (stopped process, lost network) is given up after the
        // statement time-out and a grace period, instead of never.
        config.addDataSourceProperty("socketTimeout", Integer.toString(pool.socketTimeoutSeconds()));
        return new HikariDataSource(config);
    }

    /**
     * A pool without statement or socket time-out, for work that may rightly run long and that someone watches: the
     * migrations (an index on a large table) at start-up or from the {@code migrate} command, and tools.
     */
    public static HikariDataSource withoutTimeouts(
            String jdbcUrl, String user, String password, int size, String name) {
        HikariConfig config =
                base(jdbcUrl, user, password, name, (int) ConnectionPools.DEFAULT_CONNECT_TIMEOUT.toSeconds());
        config.setMaximumPoolSize(size);
        keepIdle(config, size, 2);
        config.setConnectionTimeout(Duration.ofSeconds(30).toMillis());
        return new HikariDataSource(config);
    }

    private static HikariConfig base(String jdbcUrl, String user, String password, String name, int connectSeconds) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
        config.addDataSourceProperty("ApplicationName", name);
        // Statements are cached server-side from the third use on (the default is the fifth).
        config.addDataSourceProperty("prepareThreshold", "3");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // TCP connect, and the whole login (a server that accepts but never answers): pgjdbc's own properties, so
        // that HikariCP's JVM-wide DriverManager login time-out of another pool does not apply.
        config.addDataSourceProperty("connectTimeout", Integer.toString(connectSeconds));
        config.addDataSourceProperty("loginTimeout", Integer.toString(connectSeconds));
        return config;
    }

    /** Connections above {@code idle} are closed after five idle minutes. */
    private static void keepIdle(HikariConfig config, int size, int idle) {
        config.setMinimumIdle(Math.min(size, idle));
        if (idle < size) {
            config.setIdleTimeout(Duration.ofMinutes(5).toMillis());
        }
    }

    /** Idle connections kept open: every writer's, a couple for the API, one for the probe, none between jobs. */
    private static int minimumIdle(PoolRole role) {
        return switch (role) {
            case ACCOUNTING -> Integer.MAX_VALUE;
            case API -> 2;
            case OPERATIONS -> 1;
            case BACKGROUND -> 0;
        };
    }
}
