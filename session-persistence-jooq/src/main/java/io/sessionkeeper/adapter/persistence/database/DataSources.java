package io.sessionkeeper.adapter.persistence.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/** Connection pools (HikariCP) for the session store. */
public final class DataSources {
    private DataSources() {}

    /**
     * A pool of at most {@code poolSize} connections. {@code user}/{@code password} may be null when the URL
     * carries them.
     */
    public static HikariDataSource pooled(String jdbcUrl, String user, String password, int poolSize, String name) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        if (poolSize > 2) {
            // Idle connections above two are closed after a while (a fixed-size pool keeps them all).
            config.setMinimumIdle(2);
            config.setIdleTimeout(Duration.ofMinutes(5).toMillis());
        }
        config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
        config.addDataSourceProperty("ApplicationName", "sessionkeeper");
        // Statements are cached server-side from the third use on (the default is the fifth).
        config.addDataSourceProperty("prepareThreshold", "3");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        return new HikariDataSource(config);
    }
}
