package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.port.out.AccountingCommitListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The prompt path of the alerts: accounting hands over the sessions of each committed unit ({@link #committed},
 * on the commit path: one non-blocking offer of the list), and the evaluation takes them on a thread of its own
 * ({@link #take}). When the queue is full the list is dropped and counted: the sweep over the database is the
 * source of truth, so a dropped list only makes an alert later, never lost.
 */
public final class AlertHandOff implements AccountingCommitListener {
    private final BlockingQueue<List<Session>> queue;
    private final AtomicLong dropped = new AtomicLong();

    /** @param capacity units waiting for evaluation; beyond it they are dropped */
    public AlertHandOff(int capacity) {
        InvalidValueException.require(capacity > 0, "capacity", "must be positive");
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public void committed(List<Session> sessions) {
        if (!sessions.isEmpty() && !queue.offer(sessions)) {
            dropped.incrementAndGet();
        }
    }

    /** The next unit's sessions, waiting at most {@code wait}; null when none came. */
    public List<Session> take(Duration wait) throws InterruptedException {
        return queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Units dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }
}
