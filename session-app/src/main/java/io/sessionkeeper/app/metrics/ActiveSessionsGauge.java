package io.sessionkeeper.app.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sessionkeeper_sessions_active}: the open sessions of every tenant, read from the database by a background
 * task every {@code interval} and kept in memory, so that a scrape of {@code /metrics} never waits for the database
 * (a stalled database would otherwise hold every scrape, and each scrape a connection). NaN while the last read
 * failed: an old figure would look true.
 */
public final class ActiveSessionsGauge implements AutoCloseable {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(ActiveSessionsGauge.class);

    private final LongSupplier source;
    private final Duration interval;
    private volatile double value = Double.NaN;
    private ScheduledExecutorService scheduler;

    /** @param source the count from the database; may be slow or throw */
    public ActiveSessionsGauge(MeterRegistry registry, LongSupplier source, Duration interval) {
        this.source = source;
        this.interval = interval;
        Gauge.builder("sessionkeeper.sessions.active", this, gauge -> gauge.value)
                .description("open sessions of every tenant (refreshed every " + interval.toSeconds() + " s)")
                .strongReference(true)
                .register(registry);
    }

    /** Reads the figure now and then every interval, on a thread of its own. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "metrics-refresh");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void refresh() {
        try {
            value = source.getAsLong();
        } catch (RuntimeException e) {
            value = Double.NaN;
            LOG.debug("active sessions not counted: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
