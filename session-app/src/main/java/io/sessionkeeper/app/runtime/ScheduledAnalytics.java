package io.sessionkeeper.app.runtime;

import io.sessionkeeper.adapter.persistence.ConcurrencyRollup;
import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.domain.model.MultiDeviceScan;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.in.ScanMultiDeviceUseCase;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code SESSION_ANALYTICS_JOB_INTERVAL}: the concurrency roll-up of peak times ({@link ConcurrencyRollup}: open
 * sessions counted to the run's time, closed ones to their stop, a day of earlier history per run until 91 days are
 * in, NAS packet minutes older than two days deleted), then the multi-device scan ({@link ScanMultiDeviceUseCase}:
 * each tenant's findings made anew, ADR 0048). With several instances on one database one runs it at a time (a
 * database-wide advisory lock; an instance that cannot take it skips that round), on the background pool. A failed
 * roll-up does not stop the scan, nor the scan the next round.
 */
public final class ScheduledAnalytics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledAnalytics.class);
    static final String LOCK_NAME = "sessionkeeper.concurrency-rollup";

    private final PostgresPersistence persistence;
    private final ConcurrencyRollup rollup;
    private final ScanMultiDeviceUseCase multiDevice;
    private final Clock clock;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    public ScheduledAnalytics(
            PostgresPersistence persistence, ScanMultiDeviceUseCase multiDevice, Clock clock, Duration interval) {
        this.persistence = persistence;
        this.rollup = persistence.concurrencyRollup();
        this.multiDevice = multiDevice;
        this.clock = clock;
        this.interval = interval;
    }

    public synchronized void start() {
        if (interval.isZero() || scheduler != null) {
            return;
        }
        scheduler = JobThreads.scheduler("concurrency-rollup", 1);
        scheduler.scheduleWithFixedDelay(this::runLogged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What a round did: the roll-up's result and the scans by tenant. */
    public record Round(ConcurrencyRollup.Result rollup, Map<TenantId, MultiDeviceScan> scans) {}

    /** One round, unless another instance is running one: then empty. */
    public Optional<Round> runOnce() {
        return persistence.runExclusively(LOCK_NAME, () -> {
            ConcurrencyRollup.Result result = null;
            RuntimeException failed = null;
            try {
                result = rollup.run(clock.instant());
            } catch (RuntimeException e) {
                failed = e;
            }
            // the scan reads the sessions, not the roll-up: a failed roll-up is no reason to skip it
            Map<TenantId, MultiDeviceScan> scans;
            try {
                scans = multiDevice.scanAll();
            } catch (RuntimeException e) {
                if (failed != null) {
                    e.addSuppressed(failed);
                }
                throw e;
            }
            if (failed != null) {
                throw failed;
            }
            return new Round(result, scans);
        });
    }

    private void runLogged() {
        try {
            runOnce()
                    .ifPresentOrElse(
                            r -> LOG.debug(
                                    "concurrency roll-up: {} sessions looked at, {} changed, {} hour rows, {} backfilled,"
                                            + " {} packet minutes deleted; multi-device scans: {}",
                                    r.rollup().sessionsSeen(),
                                    r.rollup().sessionsChanged(),
                                    r.rollup().hourRows(),
                                    r.rollup().backfilled(),
                                    r.rollup().minutesDeleted(),
                                    r.scans()),
                            () -> LOG.debug("analytics round skipped: another instance is running it"));
        } catch (RuntimeException e) {
            LOG.warn("analytics round (concurrency roll-up, multi-device scan) failed; next try in {}", interval, e);
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
