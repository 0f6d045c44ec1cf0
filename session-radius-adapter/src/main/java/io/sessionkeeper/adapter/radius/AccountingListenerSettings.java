package io.sessionkeeper.adapter.radius;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Tunables of the accounting listener.
 *
 * @param bindAddress the local address to listen on ({@code 0.0.0.0} for all IPv4 addresses)
 * @param port the UDP port; 1813 by default, 0 for an ephemeral one (tests)
 * @param queueCapacity accepted events waiting for each writer; beyond it packets are dropped unanswered
 * @param maxBatchSize at most this many events per call to the track-accounting use case (one commit)
 * @param maxBatchDelay after the first event of a batch, wait at most this long for more before committing
 * @param duplicateTtl how long an answered packet's response is kept to answer retransmissions (RFC 5080
 *     §2.2.2 suggests 5-30 s)
 * @param duplicateCacheSize at most this many packets remembered for duplicate detection
 * @param receiveBufferBytes socket receive buffer asked of the OS (it may grant less: net.core.rmem_max)
 * @param stopTimeout how long {@code close()} waits for accepted events to be committed and answered
 * @param logInterval at most one log line per kind of problem per interval
 * @param writers threads that commit batches, each for its own share of the NAS (all events of one NAS go to
 *     one writer, in arrival order), so that PostgreSQL works on more than one core
 */
public record AccountingListenerSettings(
        InetAddress bindAddress,
        int port,
        int queueCapacity,
        int maxBatchSize,
        Duration maxBatchDelay,
        Duration duplicateTtl,
        int duplicateCacheSize,
        int receiveBufferBytes,
        Duration stopTimeout,
        Duration logInterval,
        int writers) {

    public static final int DEFAULT_PORT = 1813;
    public static final int DEFAULT_WRITERS = 2;

    public AccountingListenerSettings {
        require(bindAddress != null, "bindAddress must not be null");
        require(port >= 0 && port <= 65535, "port must be 0-65535");
        require(queueCapacity >= 1, "queueCapacity must be positive");
        require(maxBatchSize >= 1, "maxBatchSize must be positive");
        require(
                maxBatchDelay != null && !maxBatchDelay.isNegative() && maxBatchDelay.toMillis() <= 1000,
                "maxBatchDelay must be 0-1000 ms");
        require(
                duplicateTtl != null
                        && duplicateTtl.compareTo(Duration.ofSeconds(5)) >= 0
                        && duplicateTtl.compareTo(Duration.ofSeconds(30)) <= 0,
                "duplicateTtl must be 5-30 s (RFC 5080 §2.2.2)");
        require(duplicateCacheSize >= 1, "duplicateCacheSize must be positive");
        require(receiveBufferBytes >= 65_536, "receiveBufferBytes must be at least 64 KiB");
        require(stopTimeout != null && !stopTimeout.isNegative(), "stopTimeout must not be negative");
        require(logInterval != null && !logInterval.isNegative(), "logInterval must not be negative");
        require(writers >= 1 && writers <= 16, "writers must be 1-16");
    }

    /** The settings with the default number of writers. */
    public AccountingListenerSettings(
            InetAddress bindAddress,
            int port,
            int queueCapacity,
            int maxBatchSize,
            Duration maxBatchDelay,
            Duration duplicateTtl,
            int duplicateCacheSize,
            int receiveBufferBytes,
            Duration stopTimeout,
            Duration logInterval) {
        this(
                bindAddress,
                port,
                queueCapacity,
                maxBatchSize,
                maxBatchDelay,
                duplicateTtl,
                duplicateCacheSize,
                receiveBufferBytes,
                stopTimeout,
                logInterval,
                DEFAULT_WRITERS);
    }

    public AccountingListenerSettings withWriters(int count) {
        return new AccountingListenerSettings(
                bindAddress,
                port,
                queueCapacity,
                maxBatchSize,
                maxBatchDelay,
                duplicateTtl,
                duplicateCacheSize,
                receiveBufferBytes,
                stopTimeout,
                logInterval,
                count);
    }

    /** Port 1813 on every IPv4 address; batches of up to 500 events or 5 ms; duplicates kept 10 s. */
    public static AccountingListenerSettings defaults() {
        return new AccountingListenerSettings(
                anyAddress(),
                DEFAULT_PORT,
                20_000,
                500,
                Duration.ofMillis(5),
                Duration.ofSeconds(10),
                200_000,
                4 * 1024 * 1024,
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                DEFAULT_WRITERS);
    }

    public AccountingListenerSettings withBind(InetAddress address, int port) {
        return new AccountingListenerSettings(
                address,
                port,
                queueCapacity,
                maxBatchSize,
                maxBatchDelay,
                duplicateTtl,
                duplicateCacheSize,
                receiveBufferBytes,
                stopTimeout,
                logInterval,
                writers);
    }

    public AccountingListenerSettings withQueueCapacity(int capacity) {
        return new AccountingListenerSettings(
                bindAddress,
                port,
                capacity,
                maxBatchSize,
                maxBatchDelay,
                duplicateTtl,
                duplicateCacheSize,
                receiveBufferBytes,
                stopTimeout,
                logInterval,
                writers);
    }

    public AccountingListenerSettings withBatching(int size, Duration delay) {
        return new AccountingListenerSettings(
                bindAddress,
                port,
                queueCapacity,
                size,
                delay,
                duplicateTtl,
                duplicateCacheSize,
                receiveBufferBytes,
                stopTimeout,
                logInterval,
                writers);
    }

    public AccountingListenerSettings withDuplicateCache(Duration ttl, int size) {
        return new AccountingListenerSettings(
                bindAddress,
                port,
                queueCapacity,
                maxBatchSize,
                maxBatchDelay,
                ttl,
                size,
                receiveBufferBytes,
                stopTimeout,
                logInterval,
                writers);
    }

    public AccountingListenerSettings withStopTimeout(Duration timeout) {
        return new AccountingListenerSettings(
                bindAddress,
                port,
                queueCapacity,
                maxBatchSize,
                maxBatchDelay,
                duplicateTtl,
                duplicateCacheSize,
                receiveBufferBytes,
                timeout,
                logInterval,
                writers);
    }

    private static InetAddress anyAddress() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
