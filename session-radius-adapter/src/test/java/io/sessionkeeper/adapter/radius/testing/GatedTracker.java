package io.sessionkeeper.adapter.radius.testing;

import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.port.in.AccountingBatchResult;
import io.sessionkeeper.domain.port.in.PreparedAccounting;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.port.in.TrackAccountingUseCase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The real track-accounting use case, recorded and, when a test asks, held at the door (a batch that takes long to
 * prepare) or slowed down; {@link #batches} holds what was committed.
 */
public final class GatedTracker implements TrackAccountingUseCase {
    private final TrackAccountingUseCase delegate;
    private final List<List<AccountingEvent>> batches = new ArrayList<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile CountDownLatch gate;
    private volatile CountDownLatch commitGate;
    private volatile Duration delay = Duration.ZERO;
    private volatile Predicate<AccountingEvent> slow = event -> true;
    private volatile Predicate<AccountingEvent> refused = event -> false;
    private volatile Function<List<AccountingEvent>, RuntimeException> failure = events -> null;
    private final List<List<AccountingEvent>> attempts = new ArrayList<>();
    private final java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public GatedTracker(TrackAccountingUseCase delegate) {
        this.delegate = delegate;
    }

    /** Calls from now on wait until {@link #open()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    /** Commits from now on wait until {@link #openCommits()} (preparing goes on). */
    public void holdCommits() {
        commitGate = new CountDownLatch(1);
    }

    public void openCommits() {
        CountDownLatch current = commitGate;
        commitGate = null;
        if (current != null) {
            current.countDown();
        }
    }

    public void open() {
        CountDownLatch current = gate;
        gate = null;
        if (current != null) {
            current.countDown();
        }
    }

    /** Every call takes at least this long before committing. */
    public void delay(Duration value) {
        delay = value;
        slow = event -> true;
    }

    /** Calls with an event matching {@code predicate} take at least this long before committing. */
    public void delay(Predicate<AccountingEvent> predicate, Duration value) {
        delay = value;
        slow = predicate;
    }

    /** Calls with an event matching {@code predicate} fail as the domain fails on data it refuses. */
    public void refuse(Predicate<AccountingEvent> predicate) {
        refused = predicate;
    }

    /**
     * Calls for which {@code rule} returns an exception throw it before anything is recorded, as a store does that
     * refuses the data or is unavailable.
     */
    public void failWhen(Function<List<AccountingEvent>, RuntimeException> rule) {
        failure = rule;
    }

    /** Every call's events, in order, whether it committed or not. */
    public List<List<AccountingEvent>> attempts() {
        synchronized (attempts) {
            return List.copyOf(attempts);
        }
    }

    /** The threads that prepared batches (the listener's writers). */
    public java.util.Set<String> threads() {
        return java.util.Set.copyOf(threads);
    }

    /** Calls waiting at the gate now. */
    public int waiting() {
        return waiting.get();
    }

    @Override
    public PreparedAccounting prepare(TrackAccountingCommand command) {
        threads.add(Thread.currentThread().getName());
        CountDownLatch current = gate;
        if (current != null) {
            waiting.incrementAndGet();
            try {
                if (!current.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted at the gate", e);
            } finally {
                waiting.decrementAndGet();
            }
        }
        Duration pause = delay;
        if (!pause.isZero() && command.events().stream().anyMatch(slow)) {
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        synchronized (attempts) {
            attempts.add(command.events());
        }
        RuntimeException failed = failure.apply(command.events());
        if (failed != null) {
            throw failed;
        }
        if (command.events().stream().anyMatch(refused)) {
            throw new InvalidValueException("event", "refused by the test");
        }
        PreparedAccounting prepared = delegate.prepare(command);
        return new PreparedAccounting() {
            @Override
            public AccountingBatchResult result() {
                return prepared.result();
            }

            @Override
            public void commit() {
                CountDownLatch held = commitGate;
                if (held != null) {
                    try {
                        if (!held.await(60, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the test never opened the commits");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted at the commit gate", e);
                    }
                }
                prepared.commit();
                synchronized (batches) {
                    batches.add(command.events());
                }
            }

            @Override
            public void close() {
                prepared.close();
            }
        };
    }

    /** Batches that were committed, in order. */
    public List<List<AccountingEvent>> batches() {
        synchronized (batches) {
            return List.copyOf(batches);
        }
    }

    /** Events that were committed. */
    public List<AccountingEvent> events() {
        List<AccountingEvent> all = new ArrayList<>();
        for (List<AccountingEvent> batch : batches()) {
            all.addAll(batch);
        }
        return all;
    }
}
