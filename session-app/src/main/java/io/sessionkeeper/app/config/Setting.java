package io.sessionkeeper.app.config;

/** Every setting of the service, with its default and meaning; README's table lists the same. */
public enum Setting {
    CONFIG_FILE("SESSION_CONFIG_FILE", "", "optional file of NAME=value lines with any of these settings"),
    HTTP_BIND("SESSION_HTTP_BIND", "0.0.0.0", "address the REST API listens on"),
    HTTP_PORT("SESSION_HTTP_PORT", "8080", "port of the REST API"),
    RADIUS_BIND("SESSION_RADIUS_BIND", "0.0.0.0", "address the RADIUS accounting listener binds"),
    RADIUS_ACCT_PORT("SESSION_RADIUS_ACCT_PORT", "1813", "UDP port of RADIUS accounting"),
    RADIUS_BATCH_SIZE("SESSION_RADIUS_BATCH_SIZE", "500", "most accounting events committed in one transaction"),
    RADIUS_BATCH_DELAY("SESSION_RADIUS_BATCH_DELAY", "5ms", "longest wait for a batch to fill before committing"),
    RADIUS_QUEUE_CAPACITY(
            "SESSION_RADIUS_QUEUE_CAPACITY",
            "20000",
            "accepted events waiting for commit, per writer; beyond it packets are dropped"),
    RADIUS_WRITERS(
            "SESSION_RADIUS_WRITERS",
            "2",
            "threads committing accounting, each for its share of the subscribers (by NAS and User-Name: one NAS uses them all)"),
    ACCOUNTING_MEMORY(
            "SESSION_ACCOUNTING_MEMORY",
            "65536",
            "open sessions whose last write accounting remembers, so that their next packet reads nothing (about 700 bytes of heap each); 0 = off"),
    COA_TIMEOUT("SESSION_COA_TIMEOUT", "1s", "wait for a Disconnect/CoA answer before retransmitting"),
    COA_RETRANSMISSIONS("SESSION_COA_RETRANSMISSIONS", "2", "retransmissions of a Disconnect/CoA request"),
    COA_SOURCE_ADDRESS(
            "SESSION_COA_SOURCE_ADDRESS",
            "0.0.0.0",
            "local address Disconnect/CoA requests are sent from, the one the NAS accepts them from; 0.0.0.0 = the one the routing table picks"),
    DATA_DIR("SESSION_DATA_DIR", "./data", "where the embedded PostgreSQL keeps its files"),
    DB_URL(
            "SESSION_DB_URL",
            "",
            "JDBC URL of an external PostgreSQL (jdbc:postgresql://host:5432/db); empty = embedded"),
    DB_USER("SESSION_DB_USER", "", "user of the external PostgreSQL"),
    DB_PASSWORD("SESSION_DB_PASSWORD", "", "password of the external PostgreSQL"),
    DB_POOL_SIZE(
            "SESSION_DB_POOL_SIZE",
            "8",
            "database connections of the API; accounting, health/metrics and background jobs have small pools of their own"),
    DB_CONNECT_TIMEOUT(
            "SESSION_DB_CONNECT_TIMEOUT", "5s", "longest wait to open a database connection (TCP connect and login)"),
    DB_API_STATEMENT_TIMEOUT(
            "SESSION_DB_API_STATEMENT_TIMEOUT",
            "5s",
            "longest database statement of an API request (server-side statement_timeout; over it: 503)"),
    DB_ACCOUNTING_STATEMENT_TIMEOUT(
            "SESSION_DB_ACCOUNTING_STATEMENT_TIMEOUT",
            "30s",
            "longest database statement of an accounting batch (over it the batch is not answered; the NAS retransmits)"),
    DB_BACKGROUND_STATEMENT_TIMEOUT(
            "SESSION_DB_BACKGROUND_STATEMENT_TIMEOUT",
            "10m",
            "longest database statement of a background job (stale cleanup)"),
    SECRET_KEY(
            "SESSION_SECRET_KEY",
            "",
            "keys that encrypt the NAS secrets in the database: base64 of 32 random bytes, or id:base64 items separated by commas, the first one encrypting; the same on every instance; required with SESSION_DB_URL; empty = the key file secret.key in SESSION_DATA_DIR"),
    BOOTSTRAP_TOKEN(
            "SESSION_BOOTSTRAP_TOKEN",
            "",
            "an all-permission token of tenant 'default' (20+ characters), valid while set: a new value replaces the previous one at the next start, a start without it revokes it; the same on every instance; empty = when no token exists at all, one is created and printed"),
    STALE_THRESHOLD("SESSION_STALE_THRESHOLD", "24h", "a session without accounting for this long is stale"),
    CLEANUP_INTERVAL("SESSION_CLEANUP_INTERVAL", "1h", "how often stale sessions are closed; 0 = never"),
    USAGE_RAW_RETENTION(
            "SESSION_USAGE_RAW_RETENTION",
            "14d",
            "how long usage samples (one per Start, Interim-Update, Stop) are kept, whole days; the roll-ups outlive them"),
    USAGE_JOB_INTERVAL(
            "SESSION_USAGE_JOB_INTERVAL",
            "1m",
            "how often the usage roll-ups (each quarter-hour 2 minutes after its end), sample partitions and retention run; 0 = never"),
    USAGE_FOLD_INTERVAL(
            "SESSION_USAGE_FOLD_INTERVAL",
            "1s",
            "how often the usage samples accounting queued are stored where the graphs and the timeline read them (ADR 67): a sample is readable within about this long of its packet's answer; 0 = only at the roll-ups' rounds"),
    ARCHIVE_AFTER(
            "SESSION_ARCHIVE_AFTER",
            "90d",
            "sessions closed longer ago than this move from the hot table to the history (by stop month), at least 7d;"
                    + " they keep their id and are still listed, exported and looked up"),
    ARCHIVE_AFTER_TENANTS(
            "SESSION_ARCHIVE_AFTER_TENANTS",
            "",
            "a tenant's own SESSION_ARCHIVE_AFTER: tenant=duration items separated by commas (acme=180d,globex=30d)"),
    RETENTION(
            "SESSION_RETENTION",
            "0",
            "months of the history whose sessions all stopped longer ago than this are written to SESSION_ARCHIVE_DIR"
                    + " (gzip CSV and a manifest with rows and SHA-256) and dropped; at least a month more than every"
                    + " archive-after; 0 = kept for ever"),
    ARCHIVE_DIR(
            "SESSION_ARCHIVE_DIR",
            "",
            "where SESSION_RETENTION writes the months it drops (made 0700, files 0600); empty = archive in"
                    + " SESSION_DATA_DIR, required with SESSION_DB_URL and a retention"),
    ARCHIVE_JOB_INTERVAL(
            "SESSION_ARCHIVE_JOB_INTERVAL",
            "1h",
            "how often the history's partitions are made ahead and archival and retention run; 0 = never (then"
                    + " `session-app archive` from a scheduler)"),
    ARCHIVE_WORKERS(
            "SESSION_ARCHIVE_WORKERS",
            "2",
            "connections archival moves sessions on at once, 1-4; the round's own always works, the others only"
                    + " while the rest of the database is quiet (accounting keeps its rate meanwhile)"),
    ANALYTICS_JOB_INTERVAL(
            "SESSION_ANALYTICS_JOB_INTERVAL",
            "5m",
            "how often the concurrency roll-up of peak times and the multi-device scan run (open sessions are counted up to"
                    + " its last run; findings are as of it); 0 = never"),
    MULTI_DEVICE_WINDOW(
            "SESSION_MULTI_DEVICE_WINDOW",
            "24h",
            "multi-device detection: the window in which MANY_MACS counts a user's MACs, 1h to 7d"),
    MULTI_DEVICE_MIN_MACS(
            "SESSION_MULTI_DEVICE_MIN_MACS",
            "3",
            "multi-device detection: distinct universally administered MACs in the window that list a user, 2 to 100"),
    NAS_REFRESH(
            "SESSION_NAS_REFRESH",
            "30s",
            "how often the RADIUS side re-reads the NAS list (changes through the API apply at once)"),
    RATE_LIMIT_PER_MINUTE(
            "SESSION_RATE_LIMIT_PER_MINUTE", "600", "API requests a token may make per minute; 0 = no limit"),
    RATE_LIMIT_EXPENSIVE_PER_MINUTE(
            "SESSION_RATE_LIMIT_EXPENSIVE_PER_MINUTE",
            "120",
            "requests per token and minute on the expensive routes (session listing and statistics, customer listing)"),
    AUTH_FAILURES_PER_MINUTE(
            "SESSION_AUTH_FAILURES_PER_MINUTE",
            "20",
            "failed authentications a client address may make per minute; beyond: 429 without a token look-up; 0 = no limit"),
    TRUSTED_PROXIES(
            "SESSION_TRUSTED_PROXIES",
            "",
            "addresses or CIDR blocks of reverse proxies whose X-Forwarded-For names the client; empty = the header is ignored"),
    ALERT_SWEEP_INTERVAL(
            "SESSION_ALERT_SWEEP_INTERVAL",
            "60s",
            "how often the alert rules are evaluated over the database (one instance at a time); 0 = never"),
    ALERT_DISCONNECTS_PER_MINUTE(
            "SESSION_ALERT_DISCONNECTS_PER_MINUTE",
            "10",
            "most Disconnect-Requests AUTO_DISCONNECT rules may send per tenant and minute; 0 = none"),
    ALERT_DISCONNECT_COOLDOWN(
            "SESSION_ALERT_DISCONNECT_COOLDOWN", "1h", "no second AUTO_DISCONNECT of the same user within this"),
    WEBHOOK_ALLOW_PRIVATE_TARGETS(
            "SESSION_WEBHOOK_ALLOW_PRIVATE_TARGETS",
            "false",
            "true lets webhooks reach loopback, link-local and private addresses (cloud metadata addresses never); keep false when tenants are not all trusted"),
    QUALITY_PROBE_ENABLED(
            "SESSION_QUALITY_PROBE_ENABLED",
            "false",
            "true runs the ICMP prober (fping): open sessions with a framed IP inside SESSION_QUALITY_PROBE_RANGES, one instance at a time"),
    QUALITY_PROBE_RANGES(
            "SESSION_QUALITY_PROBE_RANGES",
            "",
            "the subscriber address blocks the prober may probe (100.64.0.0/10, 10.0.0.0/8); required with the prober; nothing outside them is ever probed"),
    QUALITY_PROBE_ECHOES("SESSION_QUALITY_PROBE_ECHOES", "3", "echoes to each session per 5-minute round (1-20)"),
    QUALITY_PROBE_RATE(
            "SESSION_QUALITY_PROBE_RATE",
            "100",
            "echoes per second the prober sends at most, over all sessions (1-10000); sessions beyond what fits in a round wait for the next"),
    QUALITY_FPING("SESSION_QUALITY_FPING", "fping", "the fping program (a name on the PATH or a path)"),
    QUALITY_RTT_THRESHOLD(
            "SESSION_QUALITY_RTT_THRESHOLD",
            "100",
            "milliseconds: a 5-minute bucket whose p95 round trip is above it is degraded (a line on the session's timeline)"),
    QUALITY_LOSS_THRESHOLD(
            "SESSION_QUALITY_LOSS_THRESHOLD",
            "5",
            "percent: a 5-minute bucket whose loss is above it is degraded (a line on the session's timeline)"),
    QUALITY_JOB_INTERVAL(
            "SESSION_QUALITY_JOB_INTERVAL",
            "15m",
            "how often the quality roll-up and retention run (one instance at a time); 0 = never");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The setting of that environment variable name, if it is one. */
    public static java.util.Optional<Setting> byKey(String key) {
        for (Setting setting : values()) {
            if (setting.key.equals(key)) {
                return java.util.Optional.of(setting);
            }
        }
        return java.util.Optional.empty();
    }
}
