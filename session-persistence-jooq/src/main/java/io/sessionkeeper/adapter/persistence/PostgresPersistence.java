package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.SESSIONS;

import com.zaxxer.hikari.HikariDataSource;
import io.sessionkeeper.adapter.persistence.database.DataSources;
import io.sessionkeeper.adapter.persistence.database.DatabaseConfig;
import io.sessionkeeper.adapter.persistence.database.DatabaseMigrator;
import io.sessionkeeper.adapter.persistence.database.EmbeddedDatabase;
import io.sessionkeeper.domain.port.out.ApiTokenStore;
import io.sessionkeeper.domain.port.out.CustomerDirectory;
import io.sessionkeeper.domain.port.out.NasDirectory;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.port.out.TenantDirectory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The persistence side of the service in one object for the app to wire: starts the embedded database when no
 * external one is configured, opens the pool, migrates the schema, and hands out the driven ports. Closing it
 * closes the pool, then stops the embedded database.
 */
public final class PostgresPersistence implements AutoCloseable {
    private final EmbeddedDatabase embedded;
    private final HikariDataSource dataSource;
    private final PostgresSessionRepository sessions;
    private final PostgresNasDirectory nasDirectory;
    private final PostgresCustomerDirectory customers;
    private final PostgresTenantDirectory tenants;
    private final PostgresApiTokenStore apiTokens;
    private final DSLContext dsl;

    private PostgresPersistence(EmbeddedDatabase embedded, HikariDataSource dataSource) {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.sessions = new PostgresSessionRepository(dataSource);
        this.nasDirectory = new PostgresNasDirectory(dataSource);
        this.customers = new PostgresCustomerDirectory(dataSource);
        this.tenants = new PostgresTenantDirectory(dataSource);
        this.apiTokens = new PostgresApiTokenStore(dataSource);
        this.dsl = JooqContexts.create(dataSource);
    }

    /** Opens the configured database and migrates it. */
    public static PostgresPersistence open(DatabaseConfig config) {
        return open(config, true);
    }

    public static PostgresPersistence open(DatabaseConfig config, boolean migrate) {
        EmbeddedDatabase embedded = null;
        HikariDataSource dataSource = null;
        try {
            if (config instanceof DatabaseConfig.Embedded local) {
                embedded = EmbeddedDatabase.start(local);
                dataSource = DataSources.pooled(
                        embedded.jdbcUrl(),
                        embedded.user(),
                        embedded.password(),
                        config.poolSize(),
                        "sessionkeeper-embedded");
            } else if (config instanceof DatabaseConfig.External external) {
                dataSource = DataSources.pooled(
                        external.url(), external.user(), external.password(), config.poolSize(), "sessionkeeper");
            }
            PostgresPersistence persistence = new PostgresPersistence(embedded, dataSource);
            if (migrate) {
                persistence.migrate();
            }
            return persistence;
        } catch (RuntimeException e) {
            if (dataSource != null) {
                dataSource.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    /** Applies pending migrations; returns how many. */
    public int migrate() {
        return DatabaseMigrator.migrate(dataSource);
    }

    public SessionRepository sessionRepository() {
        return sessions;
    }

    public NasDirectory nasDirectory() {
        return nasDirectory;
    }

    public CustomerDirectory customerDirectory() {
        return customers;
    }

    public TenantDirectory tenantDirectory() {
        return tenants;
    }

    public ApiTokenStore apiTokenStore() {
        return apiTokens;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Whether the database answers within two seconds (readiness probe). */
    public boolean ready() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Open sessions of every tenant (a metrics gauge); NaN when the database does not answer. */
    public double activeSessionCount() {
        try {
            return dsl.fetchCount(SESSIONS, SESSIONS.STOP_TIME.isNull());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * Runs {@code work} unless another holder of {@code lockName} runs it now, in this process or another one on
     * the same database (a session-level advisory lock, held on a connection of its own while {@code work} runs).
     *
     * @return what {@code work} returned, or empty when the lock was taken
     */
    public <T> Optional<T> runExclusively(String lockName, Supplier<T> work) {
        long key = UUID.nameUUIDFromBytes(("sessionkeeper:" + lockName).getBytes(StandardCharsets.UTF_8))
                .getMostSignificantBits();
        return dsl.connectionResult(connection -> {
            DSLContext locked = DSL.using(connection, SQLDialect.POSTGRES);
            Boolean acquired = locked.select(DSL.function("pg_try_advisory_lock", Boolean.class, DSL.val(key)))
                    .fetchSingle()
                    .value1();
            if (!Boolean.TRUE.equals(acquired)) {
                return Optional.<T>empty();
            }
            try {
                return Optional.ofNullable(work.get());
            } finally {
                locked.select(DSL.function("pg_advisory_unlock", Boolean.class, DSL.val(key)))
                        .fetch();
            }
        });
    }

    @Override
    public void close() {
        try {
            dataSource.close();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
