package io.sessionkeeper.app.runtime;

import io.sessionkeeper.adapter.persistence.ConcurrencyRollup;
import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The concurrency roll-up of peak times ({@link ConcurrencyRollup}) every {@code SESSION_ANALYTICS_JOB_INTERVAL}:
 * open sessions counted to the run's time, closed ones to their stop, a day of earlier history per run until 91 days
 * are in, NAS packet minutes older than two days deleted. With several instances on one database one runs it at a
 * time (a database-wide advisory lock; an instance that cannot take it skips that round), on the background pool.
 */
public final class ScheduledAnalytics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledAnalytics.class);
    static final String LOCK_NAME = "sessionkeeper.concurrency-rollup";

    private final PostgresPersistence persistence;
    private final ConcurrencyRollup rollup;
    private final Clock clock;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    public ScheduledAnalytics(PostgresPersistence persistence, Clock clock, Duration interval) {
        this.persistence = persistence;
        this.rollup = persistence.concurrencyRollup();
        this.clock = clock;
        this.interval = interval;
    }

    public synchronized void start() {
        if (interval.isZero() || scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "concurrency-rollup");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::runLogged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One run, unless another instance is running one: then empty. */
    public Optional<ConcurrencyRollup.Result> runOnce() {
        return persistence.runExclusively(LOCK_NAME, () -> rollup.run(clock.instant()));
    }

    private void runLogged() {
        try {
            runOnce()
                    .ifPresentOrElse(
                            r -> LOG.debug(
                                    "concurrency roll-up: {} sessions looked at, {} changed, {} hour rows, {} backfilled,"
                                            + " {} packet minutes deleted",
                                    r.sessionsSeen(),
                                    r.sessionsChanged(),
                                    r.hourRows(),
                                    r.backfilled(),
                                    r.minutesDeleted()),
                            () -> LOG.debug("concurrency roll-up skipped: another instance is running it"));
        } catch (RuntimeException e) {
            LOG.warn("concurrency roll-up failed; next try in {}", interval, e);
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
