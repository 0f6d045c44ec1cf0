package io.sessionkeeper.adapter.persistence.database;

import java.time.Duration;
import java.util.Objects;

/**
 * The connection pools of one service instance, one per {@link PoolRole}, and the time-out for opening a connection
 * (TCP connect and login) that all of them share.
 *
 * <p>Each pool has its own size and time-outs: the server ends a statement that runs longer than {@code
 * statementTimeout} (PostgreSQL's {@code statement_timeout}: the server stops the work and frees its locks); the
 * client gives up on a server that does not answer at all (stalled, or the network gone) after the statement
 * time-out and {@link #SOCKET_GRACE} more (pgjdbc's {@code socketTimeout}); and a caller waits at most {@code
 * acquireTimeout} for a free connection of the pool.
 */
public record ConnectionPools(Pool accounting, Pool api, Pool operations, Pool background, Duration connectTimeout) {
    /** Beyond the statement time-out, how long a silent server is waited for before the connection is given up. */
    public static final Duration SOCKET_GRACE = Duration.ofSeconds(2);

    public static final int DEFAULT_API_SIZE = 8;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** A pool: at most {@code size} connections, statements of at most {@code statementTimeout}. */
    public record Pool(int size, Duration statementTimeout, Duration acquireTimeout) {
        public Pool {
            if (size < 1 || size > 200) {
                throw new IllegalArgumentException("pool size must be 1-200, not " + size);
            }
            requireBetween("statement time-out", statementTimeout, Duration.ofMillis(100), Duration.ofDays(1));
            // HikariCP's smallest connection time-out
            requireBetween("acquire time-out", acquireTimeout, Duration.ofMillis(250), Duration.ofMinutes(10));
        }

        public Pool withSize(int value) {
            return new Pool(value, statementTimeout, acquireTimeout);
        }

        public Pool withStatementTimeout(Duration value) {
            return new Pool(size, value, acquireTimeout);
        }

        /** pgjdbc's socketTimeout, in whole seconds (its unit), rounded up. */
        int socketTimeoutSeconds() {
            return seconds(statementTimeout.plus(SOCKET_GRACE));
        }
    }

    public ConnectionPools {
        Objects.requireNonNull(accounting, "accounting");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(operations, "operations");
        Objects.requireNonNull(background, "background");
        requireBetween("connect time-out", connectTimeout, Duration.ofSeconds(1), Duration.ofMinutes(5));
    }

    /**
     * Accounting: two connections per RADIUS writer (two writers by default: one batch commits while the next is prepared) and one for the NAS list and the writers' table
     * analyses; statements up to 30 s (a batch of 10,000 events takes about a second), a free connection within 5 s
     * (there are two per writer: waiting means trouble). API: 8 connections, statements up to 5 s (listings take
     * milliseconds), a free connection within 1 s, so that an exhausted pool answers 503 at once. Health and
     * metrics: 2 connections, 1 s. Background: 9 connections (the stale cleanup, the alert sweep, the usage-history
     * and analytics roll-ups, and the quality prober and job each hold their lock on one and work on another, at the
     * same time — six holders and one more always let one of them finish; the prober holds its lock
     * while fping runs, up to a round of 5 minutes; the webhook workers and the prompt alert evaluation take one
     * briefly), statements up to 10 minutes.
     */
    public static ConnectionPools defaults() {
        return new ConnectionPools(
                new Pool(5, Duration.ofSeconds(30), Duration.ofSeconds(5)),
                new Pool(DEFAULT_API_SIZE, Duration.ofSeconds(5), Duration.ofSeconds(1)),
                new Pool(2, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                new Pool(9, Duration.ofMinutes(10), Duration.ofSeconds(30)),
                DEFAULT_CONNECT_TIMEOUT);
    }

    public Pool pool(PoolRole role) {
        return switch (role) {
            case ACCOUNTING -> accounting;
            case API -> api;
            case OPERATIONS -> operations;
            case BACKGROUND -> background;
        };
    }

    public ConnectionPools with(PoolRole role, Pool pool) {
        return new ConnectionPools(
                role == PoolRole.ACCOUNTING ? pool : accounting,
                role == PoolRole.API ? pool : api,
                role == PoolRole.OPERATIONS ? pool : operations,
                role == PoolRole.BACKGROUND ? pool : background,
                connectTimeout);
    }

    public ConnectionPools withConnectTimeout(Duration value) {
        return new ConnectionPools(accounting, api, operations, background, value);
    }

    /** Connections this instance may open in all. */
    public int totalSize() {
        return accounting.size() + api.size() + operations.size() + background.size();
    }

    /** pgjdbc's connectTimeout and loginTimeout, in whole seconds (their unit), rounded up. */
    int connectTimeoutSeconds() {
        return seconds(connectTimeout);
    }

    private static int seconds(Duration duration) {
        return (int) Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    private static void requireBetween(String what, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, what);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(what + " must be " + min + " to " + max + ", not " + value);
        }
    }
}
