package io.sessionkeeper.adapter.radius;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * At most one log line per topic per interval, saying how many were suppressed since the last one: a flood of bad
 * packets, or a database outage under thousands of packets per second, must not flood the log.
 */
final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();

    RateLimitedLog(Logger log, long intervalNanos) {
        this.log = log;
        this.intervalNanos = intervalNanos;
    }

    void warn(String topic, String message, Object... arguments) {
        if (log.isWarnEnabled()) {
            long suppressed = admit(topic);
            if (suppressed >= 0) {
                log.warn(withSuppressed(message, suppressed), arguments);
            }
        }
    }

    void info(String topic, String message, Object... arguments) {
        if (log.isInfoEnabled()) {
            long suppressed = admit(topic);
            if (suppressed >= 0) {
                log.info(withSuppressed(message, suppressed), arguments);
            }
        }
    }

    /** -1 when the line is suppressed, else how many were suppressed before it. */
    private long admit(String topic) {
        Topic state = topics.computeIfAbsent(topic, t -> new Topic());
        long now = System.nanoTime();
        long last = state.lastLogged.get();
        if (last != Long.MIN_VALUE && now - last < intervalNanos) {
            state.suppressed.incrementAndGet();
            return -1;
        }
        if (!state.lastLogged.compareAndSet(last, now)) {
            state.suppressed.incrementAndGet();
            return -1;
        }
        return state.suppressed.getAndSet(0);
    }

    private static String withSuppressed(String message, long suppressed) {
        return suppressed == 0 ? message : message + " (" + suppressed + " similar suppressed)";
    }

    private static final class Topic {
        final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong suppressed = new AtomicLong();
    }
}
