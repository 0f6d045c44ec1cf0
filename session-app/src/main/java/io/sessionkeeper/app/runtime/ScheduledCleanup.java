package io.sessionkeeper.app.runtime;

import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.app.config.AppConfig;
import io.sessionkeeper.domain.port.in.CleanupResult;
import io.sessionkeeper.domain.port.in.CleanupStaleSessionsCommand;
import io.sessionkeeper.domain.port.in.CleanupStaleSessionsUseCase;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes stale sessions on a schedule (the legacy module's cron that "may not be scheduled"). With several
 * instances on one database only one runs it at a time: the run holds a database-wide advisory lock, and an
 * instance that cannot take it skips that round. Lock and work use the background pool (the wiring gives it the
 * cleanup built on that pool), so a long cleanup takes no connection the API or accounting needs.
 */
public final class ScheduledCleanup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledCleanup.class);
    static final String LOCK_NAME = "sessionkeeper.stale-cleanup";

    private final CleanupStaleSessionsUseCase cleanup;
    private final PostgresPersistence persistence;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    public ScheduledCleanup(CleanupStaleSessionsUseCase cleanup, PostgresPersistence persistence, AppConfig config) {
        this.cleanup = cleanup;
        this.persistence = persistence;
        this.interval = config.cleanupInterval();
    }

    public synchronized void start() {
        if (interval.isZero() || scheduler != null) {
            return;
        }
        scheduler = JobThreads.scheduler("stale-cleanup", 1);
        scheduler.scheduleWithFixedDelay(
                this::runLogged, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One cleanup of every tenant, unless another instance is running one: then empty. */
    public Optional<CleanupResult> runOnce() {
        return persistence.runExclusively(LOCK_NAME, () -> cleanup.cleanup(CleanupStaleSessionsCommand.allTenants()));
    }

    private void runLogged() {
        try {
            runOnce()
                    .ifPresentOrElse(
                            result -> LOG.info(
                                    "stale cleanup closed {} sessions last seen before {}",
                                    result.cleanedCount(),
                                    result.cutoffTime()),
                            () -> LOG.info("stale cleanup skipped: another instance is running it"));
        } catch (RuntimeException e) {
            LOG.warn("stale cleanup failed; next try in {}", interval, e);
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
