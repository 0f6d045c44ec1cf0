package io.sessionkeeper.app.runtime;

import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.adapter.persistence.QualityMaintenance;
import io.sessionkeeper.app.config.AppConfig;
import io.sessionkeeper.domain.port.in.ProbeQualityUseCase;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quality's jobs: the prober's round every 5 minutes (only when it is enabled), and the hourly roll-up with retention
 * every {@code SESSION_QUALITY_JOB_INTERVAL}. Each under a database-wide advisory lock of its own, so that with
 * several instances on one database one probes at a time (an instance that cannot take the lock skips the round).
 */
public final class ScheduledQuality implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledQuality.class);
    static final String PROBE_LOCK = "sessionkeeper.quality-probe";
    static final String JOB_LOCK = "sessionkeeper.quality-job";
    static final long ROUND_SECONDS = 300;

    private final ProbeQualityUseCase probe;
    private final PostgresPersistence persistence;
    private final Clock clock;
    private final AppConfig.Quality settings;
    private ScheduledExecutorService scheduler;

    public ScheduledQuality(
            ProbeQualityUseCase probe, PostgresPersistence persistence, Clock clock, AppConfig.Quality settings) {
        this.probe = probe;
        this.persistence = persistence;
        this.clock = clock;
        this.settings = settings;
    }

    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = JobThreads.scheduler("quality", 2);
        if (settings.probe() != null) {
            scheduler.scheduleWithFixedDelay(this::probeLogged, 10, ROUND_SECONDS, TimeUnit.SECONDS);
        }
        if (!settings.jobInterval().isZero()) {
            long every = settings.jobInterval().toMillis();
            scheduler.scheduleWithFixedDelay(this::maintainLogged, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void probeLogged() {
        try {
            persistence
                    .runExclusively(PROBE_LOCK, probe::probeRound)
                    .ifPresentOrElse(
                            round -> LOG.info(
                                    "quality probe: {} open sessions with an address, {} outside the ranges, {} probed,"
                                            + " {} left for the next round",
                                    round.targets(),
                                    round.outsideRanges(),
                                    round.probed(),
                                    round.deferred()),
                            () -> LOG.debug("quality probe skipped: another instance is probing"));
        } catch (RuntimeException e) {
            LOG.warn("quality probe round failed; next try in {} s", ROUND_SECONDS, e);
        }
    }

    private void maintainLogged() {
        try {
            persistence
                    .runExclusively(JOB_LOCK, () -> persistence
                            .qualityMaintenance()
                            .run(clock.instant(), settings.policy().acceptPast()))
                    .ifPresent((QualityMaintenance.Result r) -> LOG.info(
                            "quality: {} hour rows rolled, {} buckets, {} hours and {} states past retention deleted",
                            r.hourRowsWritten(),
                            r.bucketsDeleted(),
                            r.hoursDeleted(),
                            r.statesDeleted()));
        } catch (RuntimeException e) {
            LOG.warn("quality roll-up failed; next try in {}", settings.jobInterval(), e);
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
