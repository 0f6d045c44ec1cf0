package io.sessionkeeper.adapter.radius;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An Accounting-On/Off in every writer's queue. Each writer, on reaching it, first commits and answers everything
 * it took before it, then arrives; the owner waits for all of them and only then closes the NAS's open sessions.
 * So every event of that NAS received before the Accounting-On/Off is stored before the close, whichever writer its
 * subscriber goes to. Events received after it need not wait: the close takes only sessions begun at or before the
 * event, so a Start after the reboot is never closed by it.
 *
 * <p>Deadlock-free because one receiver thread puts barriers into all queues in the same order: a writer waiting as
 * owner of one barrier has passed every earlier one, and every other writer reaches this one before any later one.
 */
final class NasBarrier implements WriterItem {
    private final PendingAnswer nasEvent;
    private final int owner;
    private final CountDownLatch arrivals;

    NasBarrier(PendingAnswer nasEvent, int owner, int writers) {
        this.nasEvent = nasEvent;
        this.owner = owner;
        this.arrivals = new CountDownLatch(writers);
    }

    PendingAnswer nasEvent() {
        return nasEvent;
    }

    boolean ownedBy(int writer) {
        return owner == writer;
    }

    /** This writer has committed and answered everything it took before the barrier. */
    void arrive() {
        arrivals.countDown();
    }

    /** Waits until every writer arrived; false when the time ran out (the listener is stopping). */
    boolean awaitAll(long timeoutNanos) throws InterruptedException {
        return arrivals.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }
}
