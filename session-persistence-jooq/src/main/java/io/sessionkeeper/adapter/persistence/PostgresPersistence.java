package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.SESSION_COUNTS;

import com.zaxxer.hikari.HikariDataSource;
import io.sessionkeeper.adapter.persistence.database.ConnectionPools;
import io.sessionkeeper.adapter.persistence.database.DataSources;
import io.sessionkeeper.adapter.persistence.database.DatabaseConfig;
import io.sessionkeeper.adapter.persistence.database.DatabaseMigrator;
import io.sessionkeeper.adapter.persistence.database.EmbeddedDatabase;
import io.sessionkeeper.adapter.persistence.database.PoolRole;
import io.sessionkeeper.adapter.persistence.secrets.KeySource;
import io.sessionkeeper.adapter.persistence.secrets.KeyringCheck;
import io.sessionkeeper.adapter.persistence.secrets.SecretCipher;
import io.sessionkeeper.adapter.persistence.secrets.SecretRotation;
import io.sessionkeeper.domain.port.out.AddressHistory;
import io.sessionkeeper.domain.port.out.AddressLookupAudit;
import io.sessionkeeper.domain.port.out.AlertActionLog;
import io.sessionkeeper.domain.port.out.AlertFacts;
import io.sessionkeeper.domain.port.out.AlertRules;
import io.sessionkeeper.domain.port.out.ApiTokenStore;
import io.sessionkeeper.domain.port.out.CustomerDirectory;
import io.sessionkeeper.domain.port.out.ExportAuditLog;
import io.sessionkeeper.domain.port.out.MultiDeviceFindings;
import io.sessionkeeper.domain.port.out.NasDirectory;
import io.sessionkeeper.domain.port.out.QualityStore;
import io.sessionkeeper.domain.port.out.SessionAnalytics;
import io.sessionkeeper.domain.port.out.SessionEvents;
import io.sessionkeeper.domain.port.out.SessionExportReader;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.port.out.TenantDirectory;
import io.sessionkeeper.domain.port.out.UsageHistory;
import io.sessionkeeper.domain.port.out.UsageSamples;
import io.sessionkeeper.domain.port.out.Webhooks;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistence side of the service in one object for the app to wire: starts the embedded database when no
 * external one is configured, opens one connection pool per {@link PoolRole}, migrates the schema, checks the
 * secrets keyring against the database, and hands out
 * the driven ports of each role ({@link #accounting()}, {@link #api()}, {@link #background()}), each working on its
 * role's pool only. Closing it closes the pools, then stops the embedded database.
 */
public final class PostgresPersistence implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresPersistence.class);

    /** The driven ports over the pool of one role. */
    public record Ports(
            SessionRepository sessions,
            NasDirectory nasDirectory,
            CustomerDirectory customers,
            TenantDirectory tenants,
            ApiTokenStore apiTokens,
            SessionEvents sessionEvents,
            UsageSamples usageSamples,
            UsageHistory usageHistory,
            QualityStore quality,
            SessionAnalytics analytics,
            MultiDeviceFindings multiDeviceFindings) {
        /** {@code sessions} over the same pool: the accounting pool's remembers what it wrote (ADR 57). */
        static Ports over(DataSource dataSource, SecretCipher cipher, PostgresSessionRepository sessions) {
            return new Ports(
                    sessions,
                    new PostgresNasDirectory(dataSource, cipher),
                    new PostgresCustomerDirectory(dataSource),
                    new PostgresTenantDirectory(dataSource),
                    new PostgresApiTokenStore(dataSource),
                    new PostgresSessionEvents(dataSource),
                    new PostgresUsageSamples(dataSource),
                    new PostgresUsageHistory(dataSource),
                    new PostgresQualityStore(dataSource),
                    new PostgresSessionAnalytics(dataSource),
                    new PostgresMultiDeviceFindings(dataSource));
        }
    }

    /**
     * The driven ports of alerting over the pool of one role: rules, alerts (with the outbox and the action log),
     * webhooks, and the reads of the evaluation.
     */
    public record AlertPorts(AlertRules rules, PostgresAlerts alerts, Webhooks webhooks, AlertFacts facts) {
        static AlertPorts over(DataSource dataSource, SecretCipher cipher) {
            return new AlertPorts(
                    new PostgresAlertRules(dataSource),
                    new PostgresAlerts(dataSource),
                    new PostgresWebhooks(dataSource, cipher),
                    new PostgresAlertFacts(dataSource));
        }

        /** Where the actions of alerts are written (the alerts themselves). */
        public AlertActionLog actionLog() {
            return alerts;
        }
    }

    private final EmbeddedDatabase embedded;
    private final Target target;
    private final Map<PoolRole, HikariDataSource> pools;
    private final Ports accounting;
    private final AccountingMemory accountingMemory;
    private final Ports api;
    private final Ports background;
    private final AlertPorts alertsApi;
    private final AlertPorts alertsBackground;
    private final DSLContext operations;
    private final DSLContext jobs;
    private final SecretCipher cipher;
    private final String keyOrigin;

    /** Where the connections go, for the short-lived migration pool too. */
    private record Target(String url, String user, String password, ConnectionPools pools) {}

    private PostgresPersistence(
            EmbeddedDatabase embedded,
            Target target,
            Map<PoolRole, HikariDataSource> pools,
            SecretCipher cipher,
            String keyOrigin,
            int accountingMemory) {
        this.embedded = embedded;
        this.target = target;
        this.pools = pools;
        this.cipher = cipher;
        this.keyOrigin = keyOrigin;
        // only the accounting pool's units run accounting; the others remember nothing
        PostgresSessionRepository accountingSessions =
                new PostgresSessionRepository(pools.get(PoolRole.ACCOUNTING), accountingMemory);
        this.accountingMemory = accountingSessions.accountingMemory();
        this.accounting = Ports.over(pools.get(PoolRole.ACCOUNTING), cipher, accountingSessions);
        this.api =
                Ports.over(pools.get(PoolRole.API), cipher, new PostgresSessionRepository(pools.get(PoolRole.API), 0));
        this.background = Ports.over(
                pools.get(PoolRole.BACKGROUND),
                cipher,
                new PostgresSessionRepository(pools.get(PoolRole.BACKGROUND), 0));
        this.alertsApi = AlertPorts.over(pools.get(PoolRole.API), cipher);
        this.alertsBackground = AlertPorts.over(pools.get(PoolRole.BACKGROUND), cipher);
        this.operations = JooqContexts.create(pools.get(PoolRole.OPERATIONS));
        this.jobs = JooqContexts.create(pools.get(PoolRole.BACKGROUND));
    }

    /** Opens the configured database and migrates it. */
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
        return open(config, keys, migrate, PostgresSessionRepository.DEFAULT_MEMORY);
    }

    /**
     * As {@link #open(DatabaseConfig, KeySource, boolean)}, with the accounting units remembering up to {@code
     * accountingMemory} open sessions they wrote (ADR 57; 0: none).
     */
    public static PostgresPersistence open(
            DatabaseConfig config, KeySource keys, boolean migrate, int accountingMemory) {
        EmbeddedDatabase embedded = null;
        Map<PoolRole, HikariDataSource> pools = new EnumMap<>(PoolRole.class);
        try {
            Target target;
            if (config instanceof DatabaseConfig.Embedded local) {
                embedded = EmbeddedDatabase.start(local);
                target = new Target(embedded.jdbcUrl(), embedded.user(), embedded.password(), config.pools());
            } else {
                DatabaseConfig.External external = (DatabaseConfig.External) config;
                target = new Target(external.url(), external.user(), external.password(), config.pools());
            }
            for (PoolRole role : PoolRole.values()) {
                pools.put(
                        role, DataSources.pooled(target.url(), target.user(), target.password(), role, target.pools()));
            }
            SecretCipher cipher = new SecretCipher(keys.keyring(pools.get(PoolRole.BACKGROUND)));
            PostgresPersistence persistence =
                    new PostgresPersistence(embedded, target, pools, cipher, keys.origin(), accountingMemory);
            if (migrate) {
                persistence.migrate();
            }
            return persistence;
        } catch (RuntimeException e) {
            pools.values().forEach(HikariDataSource::close);
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    /**
     * Applies pending migrations on connections of their own without time-outs, then checks the keyring against the
     * database ({@link KeyringCheck}); returns how many migrations ran.
     *
     * @throws io.sessionkeeper.adapter.persistence.secrets.SecretKeyException when the keys cannot serve it
     */
    public int migrate() {
        int applied;
        // Flyway holds two connections: its history table's and the migration's
        try (HikariDataSource migration = DataSources.withoutTimeouts(
                target.url(), target.user(), target.password(), 2, "sessionkeeper-migration")) {
            applied = DatabaseMigrator.migrate(migration, cipher);
        }
        KeyringCheck.verify(jobs, cipher, keyOrigin);
        LOG.info(
                "secrets: encrypting with key {} of {} ({})",
                cipher.keyring().primary().id(),
                cipher.keyring(),
                keyOrigin);
        return applied;
    }

    /**
     * Re-encrypts every stored secret that is not under the primary key with it, {@code batchSize} rows per
     * transaction ({@code rotate-key}), on the background pool.
     */
    public SecretRotation.Result rotateSecrets(int batchSize) {
        return SecretRotation.rotate(jobs, cipher, batchSize);
    }

    /** The schema version now in the database, or null before the first migration. */
    public String schemaVersion() {
        return DatabaseMigrator.currentVersion(pools.get(PoolRole.BACKGROUND));
    }

    /** The ports of the accounting path: the RADIUS writers' transactions and the NAS list they read. */
    public Ports accounting() {
        return accounting;
    }

    /** What accounting remembers of the sessions it wrote (ADR 57), for metrics. */
    public AccountingMemory accountingMemory() {
        return accountingMemory;
    }

    /** The ports of REST requests. */
    public Ports api() {
        return api;
    }

    /** The ports of scheduled jobs. */
    public Ports background() {
        return background;
    }

    /** Alerting over the API pool: rules, alerts and webhooks as REST requests manage them. */
    public AlertPorts alertsApi() {
        return alertsApi;
    }

    /** Alerting over the background pool: the evaluation and the webhook deliveries. */
    public AlertPorts alertsBackground() {
        return alertsBackground;
    }

    /** The API's session repository; shorthand of {@code api().sessions()} for tools and tests. */
    public SessionRepository sessionRepository() {
        return api.sessions();
    }

    /** Shorthand of {@code api().nasDirectory()}. */
    public NasDirectory nasDirectory() {
        return api.nasDirectory();
    }

    /** Shorthand of {@code api().customers()}. */
    public CustomerDirectory customerDirectory() {
        return api.customers();
    }

    /** Shorthand of {@code api().tenants()}. */
    public TenantDirectory tenantDirectory() {
        return api.tenants();
    }

    /** Shorthand of {@code api().apiTokens()}. */
    public ApiTokenStore apiTokenStore() {
        return api.apiTokens();
    }

    /** Shorthand of {@code api().sessionEvents()}. */
    public SessionEvents sessionEvents() {
        return api.sessionEvents();
    }

    /** Shorthand of {@code api().usageSamples()}. */
    public UsageSamples usageSamples() {
        return api.usageSamples();
    }

    /** The pool of {@code role}. */
    public DataSource dataSource(PoolRole role) {
        return pools.get(role);
    }

    /** The API's pool; shorthand of {@code dataSource(PoolRole.API)}. */
    public DataSource dataSource() {
        return dataSource(PoolRole.API);
    }

    /**
     * Whether the database answers within a second (readiness probe), on the health pool: neither a busy API nor
     * a long job delays the answer.
     */
    public boolean ready() {
        try (Connection connection = pools.get(PoolRole.OPERATIONS).getConnection()) {
            return connection.isValid(1);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Open sessions of every tenant, from the counters the triggers keep (a metrics figure), on the health pool.
     *
     * @throws io.sessionkeeper.domain.model.StoreUnavailableException when the database does not answer
     */
    public long activeSessionCount() {
        BigDecimal open = operations
                .select(DSL.coalesce(DSL.sum(SESSION_COUNTS.OPEN_SESSIONS), BigDecimal.ZERO))
                .from(SESSION_COUNTS)
                .fetchSingle()
                .value1();
        return open.longValue();
    }

    /**
     * Runs {@code work} unless another holder of {@code lockName} runs it now, in this process or another one on
     * the same database (a session-level advisory lock, held on a connection of the background pool while {@code
     * work} runs; the work itself should use {@link #background()}, whose pool has a connection for it).
     *
     * @return what {@code work} returned, or empty when the lock was taken
     */
    public <T> Optional<T> runExclusively(String lockName, Supplier<T> work) {
        long key = UUID.nameUUIDFromBytes(("sessionkeeper:" + lockName).getBytes(StandardCharsets.UTF_8))
                .getMostSignificantBits();
        try {
            return jobs.connectionResult(connection -> {
                DSLContext locked = JooqContexts.create(connection);
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
        } catch (DataAccessException e) {
            throw StoreFailures.translate(e);
        }
    }

    /**
     * A reader of exports over the background pool (a new one per call; the app keeps one): an export's chunks are
     * short statements that the API's 5 s time-out might cut on a slow disk and that should not take the API's
     * connections. See docs/adr/0023-streamed-exports.md.
     */
    public SessionExportReader sessionExportReader() {
        return new PostgresSessionExportReader(pools.get(PoolRole.BACKGROUND));
    }

    /** The export audit over the background pool (a new one per call; the app keeps one), beside the export's reads. */
    public ExportAuditLog exportAuditLog() {
        return new PostgresExportAuditLog(pools.get(PoolRole.BACKGROUND));
    }

    /** Who held an address when ({@code GET /api/sessions/by-ip}), over the API pool (a new one per call). */
    public AddressHistory addressHistory() {
        return new PostgresAddressHistory(pools.get(PoolRole.API));
    }

    /** The record of those look-ups, over the API pool beside them (a new one per call). */
    public AddressLookupAudit addressLookupAudit() {
        return new PostgresAddressLookupAudit(pools.get(PoolRole.API));
    }

    /** The usage roll-up job over the background pool (a new one per call; the app keeps one). */
    public UsageRollups usageRollups() {
        return new UsageRollups(pools.get(PoolRole.BACKGROUND));
    }

    /** The fold of the queued usage samples into {@code session_samples}, over the background pool (a new one per call). */
    public UsageSampleFold usageSampleFold() {
        return new UsageSampleFold(pools.get(PoolRole.BACKGROUND));
    }

    /** The quality roll-up and retention, over the background pool (a new one per call). */
    public QualityMaintenance qualityMaintenance() {
        return new QualityMaintenance(pools.get(PoolRole.BACKGROUND));
    }

    /** The concurrency roll-up of peak times over the background pool (a new one per call; the app keeps one). */
    public ConcurrencyRollup concurrencyRollup() {
        return new ConcurrencyRollup(pools.get(PoolRole.BACKGROUND));
    }

    /** Partitions and retention of the usage history, over the background pool (a new one per call). */
    public UsageMaintenance usageMaintenance() {
        return new UsageMaintenance(pools.get(PoolRole.BACKGROUND));
    }

    /**
     * Partitions, archival and retention of the session history, over the background pool (a new one per call).
     *
     * @param workers connections that move sessions at once ({@link SessionArchive#DEFAULT_WORKERS})
     */
    public SessionArchive sessionArchive(int workers) {
        return new SessionArchive(pools.get(PoolRole.BACKGROUND), workers);
    }

    @Override
    public void close() {
        try {
            pools.values().forEach(HikariDataSource::close);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
