package io.sessionkeeper.app.runtime;

import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.adapter.persistence.SessionArchive;
import io.sessionkeeper.app.config.AppConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session history's job on a schedule ({@link SessionArchive}): month partitions made ahead, archival of the
 * sessions past their archive-after, retention. With several instances on one database only one runs it at a time (a
 * database-wide advisory lock; an instance that cannot take it skips that round). The first round runs at start, so
 * that a fresh database has its partitions and an upgraded one starts moving its history out of the hot table.
 */
public final class ScheduledArchive implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledArchive.class);
    static final String LOCK_NAME = "sessionkeeper.session-archive";

    private final PostgresPersistence persistence;
    private final Clock clock;
    private final AppConfig.Archive settings;
    private ScheduledExecutorService scheduler;
    private volatile Completed last;

    public ScheduledArchive(PostgresPersistence persistence, Clock clock, AppConfig.Archive settings) {
        this.persistence = persistence;
        this.clock = clock;
        this.settings = settings;
    }

    public synchronized void start() {
        if (settings.jobInterval().isZero() || scheduler != null) {
            return;
        }
        scheduler = JobThreads.scheduler("session-archive", 1);
        long every = settings.jobInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::runLogged, 0, every, TimeUnit.MILLISECONDS);
    }

    /** One round, unless another instance is running one: then empty. */
    public Optional<SessionArchive.Result> runOnce() {
        Optional<SessionArchive.Result> round = persistence.runExclusively(
                LOCK_NAME,
                () -> persistence.sessionArchive(settings.workers()).run(clock.instant(), settings.policy()));
        round.ifPresent(done -> last = new Completed(done, clock.instant()));
        return round;
    }

    /** A round that completed, and when. */
    public record Completed(SessionArchive.Result result, Instant at) {}

    /** The last round of this instance that completed; empty before the first. */
    public Optional<Completed> lastCompleted() {
        return Optional.ofNullable(last);
    }

    /** One line for the log and the {@code archive} command. */
    public static String describe(SessionArchive.Result result) {
        return "session archive: %d sessions archived, %d partitions made, %d months written out and dropped, %d sessions in the default partition"
                .formatted(
                        result.archived(),
                        result.partitionsCreated(),
                        result.retired().size(),
                        result.defaultRows());
    }

    private void runLogged() {
        try {
            runOnce()
                    .ifPresentOrElse(
                            result -> LOG.info(describe(result)),
                            () -> LOG.info("session archive skipped: another instance is running it"));
        } catch (RuntimeException e) {
            LOG.warn("session archive round failed; next try in {}", settings.jobInterval(), e);
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
