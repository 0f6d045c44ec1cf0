package io.sessionkeeper.adapter.persistence.database;

import java.util.Locale;

/**
 * The kinds of database work of one service instance. Each has a connection pool of its own (see {@link
 * ConnectionPools}), so that a flood of one kind cannot take the connections another needs: API requests, however
 * many or slow, never delay an accounting commit, and health and metrics answer while the API pool is exhausted.
 */
public enum PoolRole {
    /** The RADIUS writers' transactions, Accounting-On/Off closes, and the NAS list the RADIUS side reads. */
    ACCOUNTING,
    /** Everything a REST request does, token look-ups included. */
    API,
    /** The readiness probe and the metrics' database figures. */
    OPERATIONS,
    /** Scheduled jobs: stale-session cleanup, and the jobs later releases add. */
    BACKGROUND;

    /** {@code sessionkeeper-api}: the pool's name, and the application_name its connections show in pg_stat_activity. */
    public String poolName() {
        return "sessionkeeper-" + name().toLowerCase(Locale.ROOT);
    }
}
