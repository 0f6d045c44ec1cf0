package io.sessionkeeper.app.runtime;

import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.port.in.DeliverWebhooksUseCase;
import io.sessionkeeper.domain.port.in.EvaluateAlertsUseCase;
import io.sessionkeeper.domain.service.AlertHandOff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of alerting, all off the accounting path and on the background pool:
 *
 * <ul>
 *   <li>the prompt evaluation: takes the sessions each accounting commit handed over ({@link AlertHandOff});
 *   <li>the sweep every {@code sweepInterval}, the source of truth: with several instances on one database only one
 *       sweeps at a time (a database-wide advisory lock; the others skip that round);
 *   <li>two webhook workers: each claims due deliveries (FOR UPDATE SKIP LOCKED: never the same as the other or
 *       another instance), so that one slow receiver holds up at most one of them; idle, they look again at once
 *       when this instance fired, resolved or reminded an alert, else after a wait growing from half a second to
 *       five ({@link DeliveryWakeUp}).
 * </ul>
 */
public final class AlertJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertJobs.class);
    static final String SWEEP_LOCK = "sessionkeeper.alert-sweep";
    private static final int DELIVERY_WORKERS = 2;
    private static final int DELIVERY_BATCH = 10;
    private static final long DELIVERY_IDLE_SHORTEST_MILLIS = 500;
    private static final long DELIVERY_IDLE_LONGEST_MILLIS = 5_000;

    private final EvaluateAlertsUseCase evaluation;
    private final DeliverWebhooksUseCase deliveries;
    private final AlertHandOff handOff;
    private final PostgresPersistence persistence;
    private final Duration sweepInterval;
    private final DeliveryWakeUp wakeUp =
            new DeliveryWakeUp(DELIVERY_IDLE_SHORTEST_MILLIS, DELIVERY_IDLE_LONGEST_MILLIS);
    private final List<Thread> threads = new ArrayList<>();
    private ScheduledExecutorService scheduler;
    private volatile boolean running;

    public AlertJobs(
            EvaluateAlertsUseCase evaluation,
            DeliverWebhooksUseCase deliveries,
            AlertHandOff handOff,
            PostgresPersistence persistence,
            Duration sweepInterval) {
        this.evaluation = evaluation;
        this.deliveries = deliveries;
        this.handOff = handOff;
        this.persistence = persistence;
        this.sweepInterval = sweepInterval;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        threads.add(daemon("alert-prompt", this::promptLoop));
        for (int i = 1; i <= DELIVERY_WORKERS; i++) {
            threads.add(daemon("webhook-delivery-" + i, this::deliveryLoop));
        }
        threads.forEach(Thread::start);
        if (!sweepInterval.isZero()) {
            scheduler = JobThreads.scheduler("alert-sweep", 1);
            // the first sweep soon after start: what was due while the service was down is not left for a minute
            scheduler.scheduleWithFixedDelay(
                    this::sweepLogged,
                    Math.min(5_000, sweepInterval.toMillis()),
                    sweepInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private void promptLoop() {
        while (running) {
            try {
                List<Session> committed = handOff.take(Duration.ofMillis(500));
                if (committed != null && evaluation.evaluate(committed) > 0) {
                    wakeUp.signal();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the sweep catches up with what this missed
                LOG.warn("prompt alert evaluation failed: {}", e.toString());
            }
        }
    }

    private void deliveryLoop() {
        DeliveryWakeUp.Idle idle = wakeUp.new Idle();
        while (running) {
            try {
                int attempted = deliveries.deliverDue(DELIVERY_BATCH);
                if (attempted > 0) {
                    // work (a retry may follow in a second): the next wait starts short
                    idle.busy();
                }
                if (attempted < DELIVERY_BATCH) {
                    idle.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("webhook delivery failed: {}", e.toString());
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One sweep, unless another instance is sweeping now. */
    public void sweepOnce() {
        persistence.runExclusively(SWEEP_LOCK, evaluation::sweep).ifPresent(result -> {
            if (result.fired() + result.resolved() + result.reminded() > 0) {
                wakeUp.signal();
                LOG.info(
                        "alert sweep of {} rules: {} fired, {} resolved, {} reminded",
                        result.rules(),
                        result.fired(),
                        result.resolved(),
                        result.reminded());
            }
        });
    }

    private void sweepLogged() {
        try {
            sweepOnce();
        } catch (RuntimeException e) {
            LOG.warn("alert sweep failed; next try in {}", sweepInterval, e);
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        for (Thread thread : threads) {
            thread.interrupt();
        }
        for (Thread thread : threads) {
            try {
                thread.join(6_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.clear();
    }
}
