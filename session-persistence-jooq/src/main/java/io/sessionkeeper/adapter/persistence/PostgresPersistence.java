package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.SESSIONS;

import com.zaxxer.hikari.HikariDataSource;
import io.sessionkeeper.adapter.persistence.database.DataSources;
import io.sessionkeeper.adapter.persistence.database.DatabaseConfig;
import io.sessionkeeper.adapter.persistence.database.DatabaseMigrator;
import io.sessionkeeper.adapter.persistence.database.EmbeddedDatabase;
import io.sessionkeeper.adapter.persistence.secrets.KeySource;
import io.sessionkeeper.adapter.persistence.secrets.KeyringCheck;
import io.sessionkeeper.adapter.persistence.secrets.SecretCipher;
import io.sessionkeeper.adapter.persistence.secrets.SecretRotation;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistence side of the service in one object for the app to wire: starts the embedded database when no
 * external one is configured, opens the pool, migrates the schema, checks the secrets keyring against the database,
 * and hands out the driven ports. Closing it closes the pool, then stops the embedded database.
 */
public final class PostgresPersistence implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresPersistence.class);

    private final EmbeddedDatabase embedded;
    private final HikariDataSource dataSource;
    private final PostgresSessionRepository sessions;
    private final PostgresNasDirectory nasDirectory;
    private final PostgresCustomerDirectory customers;
    private final PostgresTenantDirectory tenants;
    private final PostgresApiTokenStore apiTokens;
    private final DSLContext dsl;
    private final SecretCipher cipher;
    private final String keyOrigin;

    private PostgresPersistence(
            EmbeddedDatabase embedded, HikariDataSource dataSource, SecretCipher cipher, String keyOrigin) {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.cipher = cipher;
        this.keyOrigin = keyOrigin;
        this.sessions = new PostgresSessionRepository(dataSource);
        this.nasDirectory = new PostgresNasDirectory(dataSource, cipher);
        this.customers = new PostgresCustomerDirectory(dataSource);
        this.tenants = new PostgresTenantDirectory(dataSource);
        this.apiTokens = new PostgresApiTokenStore(dataSource);
        this.dsl = JooqContexts.create(dataSource);
    }

    /**
     * Opens the configured database, migrates it and checks {@code keys} against it.
     *
     * @throws io.sessionkeeper.adapter.persistence.secrets.SecretKeyException when the keys cannot serve this
     *     database (a configuration error: nothing was started)
     */
    public static PostgresPersistence open(DatabaseConfig config, KeySource keys) {
        return open(config, keys, true);
    }

    /** As {@link #open(DatabaseConfig, KeySource)}; without {@code migrate}, neither migrations nor key check run. */
    public static PostgresPersistence open(DatabaseConfig config, KeySource keys, boolean migrate) {
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
            SecretCipher cipher = new SecretCipher(keys.keyring(dataSource));
            PostgresPersistence persistence = new PostgresPersistence(embedded, dataSource, cipher, keys.origin());
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

    /**
     * Applies pending migrations, then checks the keyring against the database ({@link KeyringCheck}); returns how
     * many migrations ran.
     *
     * @throws io.sessionkeeper.adapter.persistence.secrets.SecretKeyException when the keys cannot serve it
     */
    public int migrate() {
        int applied = DatabaseMigrator.migrate(dataSource, cipher);
        KeyringCheck.verify(dsl, cipher, keyOrigin);
        LOG.info(
                "secrets: encrypting with key {} of {} ({})",
                cipher.keyring().primary().id(),
                cipher.keyring(),
                keyOrigin);
        return applied;
    }

    /**
     * Re-encrypts every stored secret that is not under the primary key with it, {@code batchSize} rows per
     * transaction ({@code rotate-key}).
     */
    public SecretRotation.Result rotateSecrets(int batchSize) {
        return SecretRotation.rotate(dsl, cipher, batchSize);
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
