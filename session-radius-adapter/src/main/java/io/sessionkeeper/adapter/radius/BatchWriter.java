package io.sessionkeeper.adapter.radius;

import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.DomainException;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.StoreRejectedDataException;
import io.sessionkeeper.domain.model.StoreUnavailableException;
import io.sessionkeeper.domain.port.in.PreparedAccounting;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.port.in.TrackAccountingUseCase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One writer: a queue, a thread that gathers micro-batches from it (up to {@code maxBatchSize} events, waiting at
 * most {@code maxBatchDelay} for more) and prepares each as one unit of the track-accounting use case, and a
 * committer thread that commits the prepared batch and only then answers its events. Pipelined: while batch N
 * commits (waits for its WAL flush), the writer gathers and prepares batch N+1 on a second connection; it hands
 * N+1 to the committer only once N is done, so at most two batches are open and answers leave in batch order. The
 * unit's locks keep N+1 from reading a session of N before N's commit (see {@code SessionRepository#prepare}).
 *
 * <p>When the store refuses a batch for its data ({@link StoreRejectedDataException}, or another
 * {@link DomainException}), the batch is committed in halves, in order, until the refused events are alone, so that
 * one bad event does not hold back the others; an unavailable store ({@link StoreUnavailableException}) is not
 * split. Whatever is not answered is counted by {@link DropReason} through its {@link PendingAnswer}.
 */
final class BatchWriter {
    private static final long POLL_MILLIS = 100;

    private final int index;
    private final BlockingQueue<WriterItem> queue;
    private final TrackAccountingUseCase tracker;
    private final AccountingListenerMetrics metrics;
    private final RateLimitedLog log;
    private final int maxBatchSize;
    private final long maxBatchDelayNanos;
    private final ExecutorService committer;
    private Future<?> inFlight;
    private final Thread thread;
    private volatile boolean inputClosed;
    private volatile long barrierDeadline = Long.MAX_VALUE;

    BatchWriter(
            int index,
            AccountingListenerSettings settings,
            TrackAccountingUseCase tracker,
            AccountingListenerMetrics metrics,
            RateLimitedLog log,
            String threadName) {
        this.index = index;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.tracker = tracker;
        this.metrics = metrics;
        this.log = log;
        this.maxBatchSize = settings.maxBatchSize();
        this.maxBatchDelayNanos = settings.maxBatchDelay().toNanos();
        this.committer = Executors.newSingleThreadExecutor(runnable -> {
            Thread committing = new Thread(runnable, threadName + "-commit");
            committing.setDaemon(true);
            return committing;
        });
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    void start(Thread.UncaughtExceptionHandler died) {
        thread.setUncaughtExceptionHandler(died);
        thread.start();
    }

    /** Offers an item; false when the queue is full. Called by the receiver thread only. */
    boolean offer(WriterItem item) {
        return queue.offer(item);
    }

    int remainingCapacity() {
        return queue.remainingCapacity();
    }

    int queued() {
        return queue.size();
    }

    String name() {
        return thread.getName();
    }

    /**
     * No more items will come: the writer commits what it holds and stops. A barrier's owner waits for the other
     * writers at most until {@code deadlineNanos}.
     */
    void closeInput(long deadlineNanos) {
        barrierDeadline = deadlineNanos;
        inputClosed = true;
    }

    /** Waits for the writer to finish until {@code deadlineNanos}; then interrupts it. */
    void join(long deadlineNanos, long stopTimeoutMillis) {
        AccountingListener.join(thread, deadlineNanos);
        if (thread.isAlive()) {
            log.warn(
                    "stop",
                    "{} did not finish within {} ms; {} accepted events are not answered",
                    thread.getName(),
                    stopTimeoutMillis,
                    queue.size());
            thread.interrupt();
            AccountingListener.join(thread, System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        }
        committer.shutdown();
    }

    private void run() {
        List<PendingAnswer> batch = new ArrayList<>(maxBatchSize);
        try {
            while (true) {
                WriterItem first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (inputClosed && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                NasBarrier barrier = gather(first, batch);
                if (!batch.isEmpty()) {
                    write(batch);
                    batch = new ArrayList<>(maxBatchSize);
                }
                if (barrier != null) {
                    pass(barrier);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            awaitInFlight();
            for (PendingAnswer pending : batch) {
                pending.notAnswered(DropReason.NOT_COMMITTED_AT_STOP, null, null);
            }
            List<WriterItem> left = new ArrayList<>();
            queue.drainTo(left);
            for (WriterItem item : left) {
                if (item instanceof PendingAnswer pending) {
                    pending.notAnswered(DropReason.NOT_COMMITTED_AT_STOP, null, null);
                } else if (item instanceof NasBarrier barrier) {
                    barrier.arrive();
                    if (barrier.ownedBy(index)) {
                        barrier.nasEvent().notAnswered(DropReason.NOT_COMMITTED_AT_STOP, null, null);
                    }
                }
            }
        }
    }

    /**
     * Fills {@code batch} from {@code first} on, up to the size limit or the delay; stops at a barrier (which is not
     * part of the batch: what came before it is committed first) and returns it.
     */
    private NasBarrier gather(WriterItem first, List<PendingAnswer> batch) throws InterruptedException {
        if (first instanceof NasBarrier barrier) {
            return barrier;
        }
        batch.add((PendingAnswer) first);
        long deadline = System.nanoTime() + maxBatchDelayNanos;
        while (batch.size() < maxBatchSize) {
            WriterItem next = queue.poll();
            if (next == null) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || inputClosed) {
                    return null;
                }
                next = queue.poll(remaining, TimeUnit.NANOSECONDS);
                if (next == null) {
                    return null;
                }
            }
            if (next instanceof NasBarrier barrier) {
                return barrier;
            }
            batch.add((PendingAnswer) next);
        }
        return null;
    }

    /** Prepares the batch here and hands it to the committer once the batch before it is done. */
    private void write(List<PendingAnswer> batch) {
        long started = System.nanoTime();
        PreparedAccounting prepared;
        try {
            prepared = tracker.prepare(command(batch));
        } catch (StoreUnavailableException e) {
            metrics.commitFailed(batch.size(), System.nanoTime() - started);
            notRecorded(batch, e);
            return;
        } catch (DomainException e) {
            // The data, not the store, was refused: find the culprits instead of failing everyone riding with them.
            metrics.commitFailed(batch.size(), System.nanoTime() - started);
            awaitInFlight();
            split(batch, e);
            return;
        } catch (RuntimeException e) {
            metrics.commitFailed(batch.size(), System.nanoTime() - started);
            notRecorded(batch, e);
            return;
        }
        awaitInFlight();
        inFlight = committer.submit(() -> commit(prepared, batch, started));
    }

    /** On the committer thread: the commit, then the answers. */
    private void commit(PreparedAccounting prepared, List<PendingAnswer> batch, long started) {
        try (prepared) {
            prepared.commit();
        } catch (RuntimeException e) {
            metrics.commitFailed(batch.size(), System.nanoTime() - started);
            notRecorded(batch, e);
            return;
        }
        metrics.committed(batch.size(), System.nanoTime() - started);
        for (PendingAnswer pending : batch) {
            pending.answer();
        }
    }

    private void awaitInFlight() {
        Future<?> previous = inFlight;
        if (previous == null) {
            return;
        }
        inFlight = null;
        boolean interrupted = false;
        while (true) {
            try {
                previous.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the batch is committing: its answers must still go out
            } catch (ExecutionException e) {
                log.warn(
                        "commit",
                        "A batch's commit failed unexpectedly: {}",
                        e.getCause().toString(),
                        e.getCause());
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Everything this writer took before the barrier is committed and answered; the owner then waits for the
     * others and closes the NAS's sessions.
     */
    private void pass(NasBarrier barrier) throws InterruptedException {
        awaitInFlight();
        barrier.arrive();
        if (!barrier.ownedBy(index)) {
            return;
        }
        while (!barrier.awaitAll(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS))) {
            if (System.nanoTime() - barrierDeadline > 0) {
                barrier.nasEvent().notAnswered(DropReason.NOT_COMMITTED_AT_STOP, null, null);
                return;
            }
        }
        commitNow(List.of(barrier.nasEvent()));
    }

    /**
     * Commits {@code batch} at once (prepare and commit here) and answers its events; splits it as {@link #split}
     * says when its data is refused.
     *
     * @return false when the store was unavailable, so that the caller does not try the rest of a split batch
     */
    private boolean commitNow(List<PendingAnswer> batch) {
        long started = System.nanoTime();
        try {
            tracker.track(command(batch));
        } catch (StoreUnavailableException e) {
            metrics.commitFailed(batch.size(), System.nanoTime() - started);
            notRecorded(batch, e);
            return false;
        } catch (DomainException e) {
            metrics.commitFailed(batch.size(), System.nanoTime() - started);
            return split(batch, e);
        } catch (RuntimeException e) {
            metrics.commitFailed(batch.size(), System.nanoTime() - started);
            notRecorded(batch, e);
            return false;
        }
        metrics.committed(batch.size(), System.nanoTime() - started);
        for (PendingAnswer pending : batch) {
            pending.answer();
        }
        return true;
    }

    /**
     * A batch refused for its data, committed in halves (in order, so that a subscriber's events keep their order)
     * until the refused events are alone: those are not answered, every other event is. Stops trying once the store
     * is unavailable.
     */
    private boolean split(List<PendingAnswer> batch, DomainException e) {
        if (batch.size() == 1) {
            refused(batch.get(0), e);
            return true;
        }
        log.warn(
                "isolate",
                "A batch of {} accounting events was refused for its data ({}); committing it in parts to isolate"
                        + " the refused events",
                batch.size(),
                e.getMessage());
        int half = batch.size() / 2;
        if (!commitNow(batch.subList(0, half))) {
            for (PendingAnswer pending : batch.subList(half, batch.size())) {
                pending.notAnswered(DropReason.COMMIT_FAILED, null, null);
            }
            return false;
        }
        return commitNow(batch.subList(half, batch.size()));
    }

    /** One event refused even on its own: never answered; its NAS retransmits it a few times, then gives up. */
    private static void refused(PendingAnswer pending, DomainException e) {
        Nas nas = pending.event().nas();
        if (e instanceof StoreRejectedDataException) {
            pending.notAnswered(
                    DropReason.REJECTED_BY_STORE,
                    "rejected:" + nas.id(),
                    "An Accounting-Request from NAS '{}' ({}) was refused by the database for its data, not answering"
                            + " it: {}",
                    nas.name(),
                    pending.source().getHostAddress(),
                    e.getMessage());
        } else {
            pending.notAnswered(
                    DropReason.COMMIT_FAILED,
                    "refused:" + nas.id(),
                    "An Accounting-Request from NAS '{}' ({}) was refused, not answering it: {}",
                    nas.name(),
                    pending.source().getHostAddress(),
                    e.getMessage());
        }
    }

    private void notRecorded(List<PendingAnswer> batch, RuntimeException e) {
        for (PendingAnswer pending : batch) {
            pending.notAnswered(DropReason.COMMIT_FAILED, null, null);
        }
        log.warn(
                "commit",
                "Could not record {} accounting events, not answering them (their NAS will retransmit): {}",
                batch.size(),
                e.toString());
    }

    private static TrackAccountingCommand command(List<PendingAnswer> batch) {
        List<AccountingEvent> events = new ArrayList<>(batch.size());
        for (PendingAnswer pending : batch) {
            events.add(pending.event());
        }
        return new TrackAccountingCommand(events);
    }
}
