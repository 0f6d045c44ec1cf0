package io.sessionkeeper.adapter.radius.testing;

import io.sessionkeeper.adapter.radius.AccountingListenerMetrics;
import io.sessionkeeper.adapter.radius.DropReason;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The listener's metrics kept in memory, read through {@link #snapshot()} by whatever exports them (the app will
 * expose them to Prometheus as counters and histograms).
 */
public final class AccountingListenerCounters implements AccountingListenerMetrics {
    /** Events per committed batch. */
    public static final long[] BATCH_SIZE_BOUNDS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000};
    /** Milliseconds per commit, failed or not. */
    public static final long[] COMMIT_MILLIS_BOUNDS = {1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 2500, 5000};
    /** Milliseconds from a request's acceptance to its answer. */
    public static final long[] ACK_MILLIS_BOUNDS = COMMIT_MILLIS_BOUNDS;

    private final LongAdder received = new LongAdder();
    private final EnumMap<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
    private final LongAdder invalidAttributes = new LongAdder();
    private final LongAdder cleanedAttributes = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder answeredFromCache = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder failedBatches = new LongAdder();
    private final LongAdder committedEvents = new LongAdder();
    private final Histogram batchSizes = new Histogram(BATCH_SIZE_BOUNDS);
    private final Histogram commitMillis = new Histogram(COMMIT_MILLIS_BOUNDS);
    private final Histogram ackMillis = new Histogram(ACK_MILLIS_BOUNDS);

    public AccountingListenerCounters() {
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, new LongAdder());
        }
    }

    @Override
    public void received() {
        received.increment();
    }

    @Override
    public void dropped(DropReason reason) {
        dropped.get(reason).increment();
    }

    @Override
    public void invalidAttributes(int count) {
        invalidAttributes.add(count);
    }

    @Override
    public void cleanedAttributes(int count) {
        cleanedAttributes.add(count);
    }

    @Override
    public void answered(long nanos) {
        answered.increment();
        ackMillis.record(TimeUnit.NANOSECONDS.toMillis(nanos));
    }

    @Override
    public void answeredFromCache() {
        answeredFromCache.increment();
    }

    @Override
    public void committed(int size, long nanos) {
        batches.increment();
        committedEvents.add(size);
        batchSizes.record(size);
        commitMillis.record(TimeUnit.NANOSECONDS.toMillis(nanos));
    }

    @Override
    public void commitFailed(int size, long nanos) {
        failedBatches.increment();
        commitMillis.record(TimeUnit.NANOSECONDS.toMillis(nanos));
    }

    public Snapshot snapshot() {
        EnumMap<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        dropped.forEach((reason, count) -> drops.put(reason, count.sum()));
        return new Snapshot(
                received.sum(),
                Collections.unmodifiableMap(drops),
                invalidAttributes.sum(),
                cleanedAttributes.sum(),
                answered.sum(),
                answeredFromCache.sum(),
                batches.sum(),
                failedBatches.sum(),
                committedEvents.sum(),
                batchSizes.snapshot(),
                commitMillis.snapshot(),
                ackMillis.snapshot());
    }

    /** The counters at one moment. */
    public record Snapshot(
            long received,
            Map<DropReason, Long> dropped,
            long invalidAttributes,
            long cleanedAttributes,
            long answered,
            long answeredFromCache,
            long batches,
            long failedBatches,
            long committedEvents,
            Histogram.Snapshot batchSizes,
            Histogram.Snapshot commitMillis,
            Histogram.Snapshot ackMillis) {

        public long dropped(DropReason reason) {
            return dropped.getOrDefault(reason, 0L);
        }

        public long droppedTotal() {
            long total = 0;
            for (long count : dropped.values()) {
                total += count;
            }
            return total;
        }
    }
}
