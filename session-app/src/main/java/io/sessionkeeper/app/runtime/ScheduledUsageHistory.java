package io.sessionkeeper.app.runtime;

import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.adapter.persistence.UsageMaintenance;
import io.sessionkeeper.adapter.persistence.UsageRollups;
import io.sessionkeeper.adapter.persistence.UsageSampleFold;
import io.sessionkeeper.app.config.AppConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage history's jobs on a schedule: the queued samples folded into {@code session_samples} ({@link
 * UsageSampleFold}, ADR 67), sample partitions made ahead and retention ({@link UsageMaintenance}), then the roll-ups
 * of the quarter-hours that ended ({@link UsageRollups}, ADR 60). With several instances on one database only one runs
 * a round at a time (a database-wide advisory lock; an instance that cannot take it skips that round). Lock and work
 * use the background pool. The first round runs at start, so that a fresh database has its partitions.
 *
 * <p>Between rounds the fold runs on its own every {@code SESSION_USAGE_FOLD_INTERVAL} on a thread of its own, so a
 * long round (a service catching up on days of quarters) never holds the samples back; instances fold side by side
 * (each takes rows the others have not locked).
 */
public final class ScheduledUsageHistory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledUsageHistory.class);
    static final String LOCK_NAME = "sessionkeeper.usage-history";
    /**
     * A quarter-hour is rolled this long after its end: the packets of its last seconds have arrived by then (a NAS
     * sends an interim as it counts it; a retransmission comes within seconds). A sample that comes later still is
     * queued and its hour rolled again at the next round ({@code usage_late_hours}), so this bounds extra work, not
     * correctness; and the raw samples after the roll-ups, which every series of a NAS or a customer reads, are at
     * most a quarter, this and the job's interval (ADR 60).
     */
    static final Duration SETTLE = Duration.ofMinutes(2);
    /** Quarter-hours rolled in one round at most (a service that was down catches up over several rounds): 2 days. */
    static final int MAX_QUARTERS_PER_ROUND = 192;
    /**
     * Batches folded in one fold at most (about 330 samples each at full speed): a fold that has fallen far behind
     * lets the next one go on, and stays a bounded transaction a step ({@link UsageSampleFold#BATCHES_PER_STEP}).
     */
    static final int MAX_BATCHES_PER_FOLD = 10_000;

    private final PostgresPersistence persistence;
    private final UsageSampleFold fold;
    private final Clock clock;
    private final AppConfig.UsageHistorySettings settings;
    private ScheduledExecutorService scheduler;
    private volatile Completed last;

    public ScheduledUsageHistory(PostgresPersistence persistence, Clock clock, AppConfig config) {
        this.persistence = persistence;
        this.fold = persistence.usageSampleFold();
        this.clock = clock;
        this.settings = config.usageHistory();
    }

    public synchronized void start() {
        if (settings.jobInterval().isZero() && settings.foldInterval().isZero() || scheduler != null) {
            return;
        }
        scheduler = JobThreads.scheduler("usage-history", 2);
        if (!settings.jobInterval().isZero()) {
            long every = settings.jobInterval().toMillis();
            scheduler.scheduleWithFixedDelay(this::runLogged, 0, every, TimeUnit.MILLISECONDS);
        }
        if (!settings.foldInterval().isZero()) {
            long foldEvery = settings.foldInterval().toMillis();
            scheduler.scheduleWithFixedDelay(this::foldLogged, foldEvery, foldEvery, TimeUnit.MILLISECONDS);
        }
    }

    /** Folds the queued samples (any instance, any time: rows are taken under {@code SKIP LOCKED}). */
    public UsageSampleFold.Result fold() {
        return fold.run(MAX_BATCHES_PER_FOLD);
    }

    /**
     * The fold that opens a round, so that the roll-ups' claim finds its quarter folded. A fold that fails does not
     * stop the round (partitions must still be made ahead): its samples are rolled as late ones once folded.
     */
    private UsageSampleFold.Result foldBeforeTheRound() {
        try {
            return fold();
        } catch (RuntimeException e) {
            LOG.warn("usage samples: the fold before the usage round failed; the round goes on", e);
            return new UsageSampleFold.Result(0, 0, 0);
        }
    }

    private void foldLogged() {
        try {
            UsageSampleFold.Result folded = fold();
            if (folded.rejected() > 0) {
                LOG.warn("usage samples: {} batches set aside in this fold (rejected_at)", folded.rejected());
            }
        } catch (RuntimeException e) {
            LOG.warn("usage samples: the fold failed; next try in {}", settings.foldInterval(), e);
        }
    }

    /** One round, unless another instance is running one: then empty. */
    public Optional<Round> runOnce() {
        Optional<Round> round = persistence.runExclusively(LOCK_NAME, () -> {
            UsageSampleFold.Result folded = foldBeforeTheRound();
            UsageMaintenance.Result maintained =
                    persistence.usageMaintenance().run(clock.instant(), settings.rawRetention());
            UsageRollups.Result rolled =
                    persistence.usageRollups().run(clock.instant(), SETTLE, MAX_QUARTERS_PER_ROUND);
            return new Round(folded, fold.backlog(), maintained, rolled);
        });
        round.ifPresent(done -> last = new Completed(done, clock.instant()));
        return round;
    }

    /** What one round did, and the samples' queue after it. */
    public record Round(
            UsageSampleFold.Result fold,
            UsageSampleFold.Backlog queue,
            UsageMaintenance.Result maintenance,
            UsageRollups.Result rollups) {
        boolean didSomething() {
            return fold.rejected()
                            + maintenance.partitionsCreated()
                            + maintenance.partitionsDropped()
                            + maintenance.rollupRowsDeleted()
                            + rollups.quarters()
                            + rollups.lateHours()
                    > 0;
        }
    }

    /** A round that completed, and when. */
    public record Completed(Round round, java.time.Instant at) {}

    /** The last round of this instance that completed; empty before the first. */
    public Optional<Completed> lastCompleted() {
        return Optional.ofNullable(last);
    }

    private void runLogged() {
        try {
            long started = System.nanoTime();
            runOnce()
                    .ifPresentOrElse(
                            // a round a minute mostly finds nothing to do: only rounds that did something are news
                            round -> (round.didSomething() ? LOG.atInfo() : LOG.atDebug())
                                    .log(
                                            "usage history: {} partitions made, {} dropped, {} roll-up rows past"
                                                    + " retention deleted; {} quarter-hours rolled ({} session hours),"
                                                    + " {} late hours re-rolled; sample batches {} queued, {} set"
                                                    + " aside; in {} ms",
                                            round.maintenance().partitionsCreated(),
                                            round.maintenance().partitionsDropped(),
                                            round.maintenance().rollupRowsDeleted(),
                                            round.rollups().quarters(),
                                            round.rollups().sessionHours(),
                                            round.rollups().lateHours(),
                                            round.queue().queued(),
                                            round.queue().rejected(),
                                            (System.nanoTime() - started) / 1_000_000),
                            () -> LOG.debug("usage history skipped: another instance is running it"));
        } catch (RuntimeException e) {
            LOG.warn("usage history round failed; next try in {}", settings.jobInterval(), e);
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
