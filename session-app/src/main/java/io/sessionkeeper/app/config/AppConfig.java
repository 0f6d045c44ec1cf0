package io.sessionkeeper.app.config;

import io.sessionkeeper.adapter.http.TrustedProxies;
import io.sessionkeeper.adapter.persistence.SessionArchive;
import io.sessionkeeper.adapter.persistence.database.ConnectionPools;
import io.sessionkeeper.adapter.persistence.database.DatabaseConfig;
import io.sessionkeeper.adapter.persistence.database.PoolRole;
import io.sessionkeeper.adapter.persistence.secrets.KeySource;
import io.sessionkeeper.adapter.persistence.secrets.Keyring;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpRange;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.service.AlertPolicy;
import io.sessionkeeper.domain.service.MultiDevicePolicy;
import io.sessionkeeper.domain.service.QualityPolicy;
import io.sessionkeeper.domain.service.StaleSessionPolicy;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The whole configuration, checked at once: an invalid value stops start-up with the setting's name. */
public record AppConfig(
        InetAddress httpBind,
        int httpPort,
        InetAddress radiusBind,
        int radiusAcctPort,
        int radiusBatchSize,
        Duration radiusBatchDelay,
        int radiusQueueCapacity,
        int radiusWriters,
        int accountingMemory,
        Duration coaTimeout,
        int coaRetransmissions,
        InetAddress coaSourceAddress,
        DatabaseConfig database,
        KeySource secretKeys,
        String bootstrapToken,
        StaleSessionPolicy stalePolicy,
        Duration cleanupInterval,
        Duration nasRefresh,
        int rateLimitPerMinute,
        int rateLimitExpensivePerMinute,
        int authFailuresPerMinute,
        TrustedProxies trustedProxies,
        UsageHistorySettings usageHistory,
        Alerting alerting,
        Quality quality,
        Analytics analytics,
        Archive archive) {

    /**
     * The session history (docs/adr/0049-session-history-partitioned-by-stop-month.md): what archival and retention
     * keep ({@code policy}), how often their job runs (zero: never; {@code session-app archive} runs it once) and on
     * how many connections at once archival moves sessions ({@code workers}, ADR 51; all but one wait while the rest
     * of the database is busy, ADR 52).
     */
    public record Archive(SessionArchive.Policy policy, Duration jobInterval, int workers) {}

    /**
     * Analytics: how often the job runs (the concurrency roll-up of peak times, then the multi-device scan; zero:
     * never) and multi-device detection's window and MAC count.
     */
    public record Analytics(Duration jobInterval, MultiDevicePolicy multiDevice) {}

    /**
     * The usage history's jobs: how long raw samples are kept, how often the roll-ups and retention run, how often the
     * queued samples are folded (zero: only at the roll-ups' rounds).
     */
    public record UsageHistorySettings(Duration rawRetention, Duration jobInterval, Duration foldInterval) {}

    /**
     * Alerting: how often the sweep runs (zero: never), whether webhooks may reach private targets, and the
     * operator's limits ({@code policy}: the auto-disconnect rate and cool-down, the stale threshold).
     */
    public record Alerting(Duration sweepInterval, boolean allowPrivateTargets, AlertPolicy policy) {}

    /**
     * Session quality: the thresholds of the timeline's line ({@code policy}), how often the roll-up and retention
     * run, and the prober ({@code probe}: null when it is off).
     */
    public record Quality(QualityPolicy policy, Duration jobInterval, Probe probe) {}

    /** The ICMP prober: fping, the subscriber ranges, echoes per session per round, echoes per second in all. */
    public record Probe(String fping, List<IpRange> ranges, int echoes, int echoesPerSecond) {}

    public static AppConfig from(Settings settings) {
        ConnectionPools pools = pools(settings);
        String url = settings.optional(Setting.DB_URL);
        DatabaseConfig database;
        if (url != null) {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new ConfigException(Setting.DB_URL.key(), "must start with jdbc:postgresql:");
            }
            database = new DatabaseConfig.External(
                    url, settings.optional(Setting.DB_USER), settings.optional(Setting.DB_PASSWORD), pools);
        } else {
            database = new DatabaseConfig.Embedded(settings.path(Setting.DATA_DIR), pools, true);
        }
        TrustedProxies trustedProxies;
        try {
            trustedProxies = TrustedProxies.parse(settings.text(Setting.TRUSTED_PROXIES));
        } catch (InvalidValueException e) {
            throw new ConfigException(Setting.TRUSTED_PROXIES.key(), e.getMessage());
        }
        KeySource secretKeys = secretKeys(settings, database);
        Duration batchDelay = settings.duration(Setting.RADIUS_BATCH_DELAY);
        if (batchDelay.toMillis() > 1000) {
            throw new ConfigException(Setting.RADIUS_BATCH_DELAY.key(), "must be at most 1s");
        }
        Duration coaTimeout = settings.duration(Setting.COA_TIMEOUT);
        if (coaTimeout.toMillis() < 1 || coaTimeout.toSeconds() > 60) {
            throw new ConfigException(Setting.COA_TIMEOUT.key(), "must be 1ms to 60s");
        }
        String token = settings.optional(Setting.BOOTSTRAP_TOKEN);
        if (token != null && token.length() < 20) {
            throw new ConfigException(Setting.BOOTSTRAP_TOKEN.key(), "must be at least 20 characters");
        }
        StaleSessionPolicy stale;
        try {
            stale = new StaleSessionPolicy(settings.duration(Setting.STALE_THRESHOLD), 5_000);
        } catch (InvalidValueException e) {
            throw new ConfigException(
                    Setting.STALE_THRESHOLD.key(),
                    "must be at least 10 minutes, " + "well above the NAS interim interval");
        }
        Duration rawRetention = settings.duration(Setting.USAGE_RAW_RETENTION);
        if (rawRetention.compareTo(Duration.ofDays(2)) < 0 || rawRetention.toSeconds() % 86_400 != 0) {
            // the roll-ups of the last hours read the samples of the day before; partitions are whole days
            throw new ConfigException(Setting.USAGE_RAW_RETENTION.key(), "must be whole days, at least 2d");
        }
        Duration nasRefresh = settings.duration(Setting.NAS_REFRESH);
        if (nasRefresh.isZero()) {
            throw new ConfigException(Setting.NAS_REFRESH.key(), "must be positive");
        }
        return new AppConfig(
                settings.address(Setting.HTTP_BIND),
                settings.port(Setting.HTTP_PORT),
                settings.address(Setting.RADIUS_BIND),
                settings.port(Setting.RADIUS_ACCT_PORT),
                settings.integer(Setting.RADIUS_BATCH_SIZE, 1, 10_000),
                batchDelay,
                settings.integer(Setting.RADIUS_QUEUE_CAPACITY, 1, 10_000_000),
                settings.integer(Setting.RADIUS_WRITERS, 1, 16),
                settings.integer(Setting.ACCOUNTING_MEMORY, 0, 10_000_000),
                coaTimeout,
                settings.integer(Setting.COA_RETRANSMISSIONS, 0, 10),
                settings.address(Setting.COA_SOURCE_ADDRESS),
                database,
                secretKeys,
                token,
                stale,
                settings.duration(Setting.CLEANUP_INTERVAL),
                nasRefresh,
                settings.integer(Setting.RATE_LIMIT_PER_MINUTE, 0, 1_000_000),
                settings.integer(Setting.RATE_LIMIT_EXPENSIVE_PER_MINUTE, 1, 1_000_000),
                settings.integer(Setting.AUTH_FAILURES_PER_MINUTE, 0, 1_000_000),
                trustedProxies,
                new UsageHistorySettings(
                        rawRetention,
                        settings.duration(Setting.USAGE_JOB_INTERVAL),
                        settings.duration(Setting.USAGE_FOLD_INTERVAL)),
                alerting(settings, stale),
                quality(settings),
                analytics(settings),
                archive(settings, database));
    }

    /** {@link SessionArchive#LEAST_AFTER} as the configuration writes it ("7d"). */
    private static String leastArchiveAfter() {
        return SessionArchive.LEAST_AFTER.toDays() + "d";
    }

    private static Archive archive(Settings settings, DatabaseConfig database) {
        Duration after = settings.duration(Setting.ARCHIVE_AFTER);
        if (after.compareTo(SessionArchive.LEAST_AFTER) < 0) {
            throw new ConfigException(Setting.ARCHIVE_AFTER.key(), "must be at least " + leastArchiveAfter());
        }
        Map<String, Duration> overrides = new LinkedHashMap<>();
        Duration longest = after;
        for (Map.Entry<String, Duration> entry :
                settings.durationsByKey(Setting.ARCHIVE_AFTER_TENANTS).entrySet()) {
            try {
                TenantId.of(entry.getKey());
            } catch (InvalidValueException e) {
                throw new ConfigException(
                        Setting.ARCHIVE_AFTER_TENANTS.key(), "'" + entry.getKey() + "' is not a tenant id");
            }
            if (entry.getValue().compareTo(SessionArchive.LEAST_AFTER) < 0) {
                throw new ConfigException(
                        Setting.ARCHIVE_AFTER_TENANTS.key(),
                        "the duration of " + entry.getKey() + " must be at least " + leastArchiveAfter());
            }
            overrides.put(entry.getKey(), entry.getValue());
            longest = longest.compareTo(entry.getValue()) < 0 ? entry.getValue() : longest;
        }
        Duration retention = settings.duration(Setting.RETENTION);
        Path directory = null;
        if (retention.isZero()) {
            retention = null;
        } else {
            // a month is retired once its end is older than the retention: every session of it must have left the
            // hot part by then, or it would land in no partition
            if (retention.compareTo(longest.plusDays(31)) < 0) {
                throw new ConfigException(
                        Setting.RETENTION.key(),
                        "must be 0 (kept for ever) or at least 31d more than every archive-after (here "
                                + Settings.format(longest.plusDays(31)) + ")");
            }
            String dir = settings.optional(Setting.ARCHIVE_DIR);
            if (dir != null) {
                directory = settings.path(Setting.ARCHIVE_DIR);
            } else if (database instanceof DatabaseConfig.Embedded embedded) {
                directory = embedded.dataDirectory().resolve("archive");
            } else {
                throw new ConfigException(
                        Setting.ARCHIVE_DIR.key(), "is required with SESSION_DB_URL and SESSION_RETENTION");
            }
        }
        Duration every = settings.duration(Setting.ARCHIVE_JOB_INTERVAL);
        if (!every.isZero() && every.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new ConfigException(Setting.ARCHIVE_JOB_INTERVAL.key(), "must be 0 (never) or at least 1m");
        }
        return new Archive(
                new SessionArchive.Policy(after, overrides, retention, directory),
                every,
                settings.integer(Setting.ARCHIVE_WORKERS, 1, 4));
    }

    private static Quality quality(Settings settings) {
        int rtt = settings.integer(Setting.QUALITY_RTT_THRESHOLD, 1, 60_000);
        int loss = settings.integer(Setting.QUALITY_LOSS_THRESHOLD, 0, 99);
        Duration job = settings.duration(Setting.QUALITY_JOB_INTERVAL);
        if (!job.isZero() && job.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new ConfigException(Setting.QUALITY_JOB_INTERVAL.key(), "must be 0 (never) or at least 1m");
        }
        QualityPolicy policy = new QualityPolicy(rtt, loss, QualityPolicy.DEFAULT.acceptPast());
        String rangesText = settings.optional(Setting.QUALITY_PROBE_RANGES);
        List<IpRange> ranges = new java.util.ArrayList<>();
        if (rangesText != null && !rangesText.isBlank()) {
            for (String entry : rangesText.split(",")) {
                try {
                    ranges.add(IpRange.parse(Setting.QUALITY_PROBE_RANGES.key(), entry.trim()));
                } catch (InvalidValueException e) {
                    throw new ConfigException(
                            Setting.QUALITY_PROBE_RANGES.key(),
                            "not an address block (address/prefix, comma-separated): " + e.getMessage());
                }
            }
        }
        int echoes = settings.integer(Setting.QUALITY_PROBE_ECHOES, 1, 20);
        int rate = settings.integer(Setting.QUALITY_PROBE_RATE, 1, 10_000);
        String fping = settings.text(Setting.QUALITY_FPING);
        if (fping.isBlank() || fping.length() > 255 || fping.chars().anyMatch(c -> c < 0x20)) {
            throw new ConfigException(Setting.QUALITY_FPING.key(), "must be a program name or path");
        }
        Probe probe = null;
        if (settings.bool(Setting.QUALITY_PROBE_ENABLED)) {
            if (ranges.isEmpty()) {
                throw new ConfigException(
                        Setting.QUALITY_PROBE_ENABLED.key(),
                        "the prober needs SESSION_QUALITY_PROBE_RANGES: the subscriber blocks it may probe");
            }
            probe = new Probe(fping, List.copyOf(ranges), echoes, rate);
        }
        return new Quality(policy, job, probe);
    }

    private static Analytics analytics(Settings settings) {
        Duration every = settings.duration(Setting.ANALYTICS_JOB_INTERVAL);
        if (!every.isZero() && every.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException(Setting.ANALYTICS_JOB_INTERVAL.key(), "must be 0 (never) or at least 1s");
        }
        Duration window = settings.duration(Setting.MULTI_DEVICE_WINDOW);
        if (window.compareTo(Duration.ofHours(1)) < 0 || window.compareTo(Duration.ofDays(7)) > 0) {
            throw new ConfigException(Setting.MULTI_DEVICE_WINDOW.key(), "must be 1h to 7d");
        }
        return new Analytics(
                every, new MultiDevicePolicy(window, settings.integer(Setting.MULTI_DEVICE_MIN_MACS, 2, 100)));
    }

    private static Alerting alerting(Settings settings, StaleSessionPolicy stale) {
        Duration sweep = settings.duration(Setting.ALERT_SWEEP_INTERVAL);
        if (!sweep.isZero() && sweep.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException(Setting.ALERT_SWEEP_INTERVAL.key(), "must be 0 (never) or at least 1s");
        }
        AlertPolicy policy = AlertPolicy.DEFAULT
                .withDisconnects(
                        settings.integer(Setting.ALERT_DISCONNECTS_PER_MINUTE, 0, 10_000),
                        settings.duration(Setting.ALERT_DISCONNECT_COOLDOWN))
                .withStaleAfter(stale.threshold());
        return new Alerting(sweep, settings.bool(Setting.WEBHOOK_ALLOW_PRIVATE_TARGETS), policy);
    }

    /**
     * The API pool as configured; accounting with two connections per RADIUS writer (one batch commits while the
     * next is prepared) and one for the NAS list; the
     * health/metrics and background pools as {@link ConnectionPools#defaults()} has them, with the background
     * statement time-out configured.
     */
    private static ConnectionPools pools(Settings settings) {
        ConnectionPools defaults = ConnectionPools.defaults();
        int writers = settings.integer(Setting.RADIUS_WRITERS, 1, 16);
        return defaults.with(
                        PoolRole.ACCOUNTING,
                        defaults.accounting()
                                .withSize(2 * writers + 1)
                                .withStatementTimeout(timeout(
                                        settings,
                                        Setting.DB_ACCOUNTING_STATEMENT_TIMEOUT,
                                        Duration.ofSeconds(1),
                                        Duration.ofHours(1))))
                .with(
                        PoolRole.API,
                        defaults.api()
                                .withSize(settings.integer(Setting.DB_POOL_SIZE, 2, 200))
                                .withStatementTimeout(timeout(
                                        settings,
                                        Setting.DB_API_STATEMENT_TIMEOUT,
                                        Duration.ofMillis(100),
                                        Duration.ofMinutes(10))))
                .with(
                        PoolRole.BACKGROUND,
                        defaults.background()
                                .withStatementTimeout(timeout(
                                        settings,
                                        Setting.DB_BACKGROUND_STATEMENT_TIMEOUT,
                                        Duration.ofSeconds(1),
                                        Duration.ofDays(1))))
                .withConnectTimeout(
                        timeout(settings, Setting.DB_CONNECT_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(5)));
    }

    private static Duration timeout(Settings settings, Setting setting, Duration min, Duration max) {
        Duration value = settings.duration(setting);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ConfigException(
                    setting.key(), "must be " + Settings.format(min) + " to " + Settings.format(max) + " (never 0)");
        }
        return value;
    }

    /**
     * {@code SESSION_SECRET_KEY} when set; otherwise the embedded database's key file. Required with an external
     * database: its instances must share the keys, and only the operator can give them all the same.
     */
    private static KeySource secretKeys(Settings settings, DatabaseConfig database) {
        String text = settings.optional(Setting.SECRET_KEY);
        if (text != null) {
            try {
                return new KeySource.Given(Keyring.parse(text), Setting.SECRET_KEY.key());
            } catch (IllegalArgumentException e) {
                // the message says which item and why, never the key text
                throw new ConfigException(Setting.SECRET_KEY.key(), e.getMessage());
            }
        }
        if (database instanceof DatabaseConfig.Embedded embedded) {
            return KeySource.keyFileIn(embedded.dataDirectory());
        }
        throw new ConfigException(
                Setting.SECRET_KEY.key(),
                "is required with an external database (" + Setting.DB_URL.key() + "): every instance of the"
                        + " database needs the same key; make one with: openssl rand -base64 32");
    }
}
