package io.sessionkeeper.adapter.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.adapter.radius.testing.AccountingListenerCounters;
import io.sessionkeeper.adapter.radius.testing.Histogram;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void aHistogramCountsValuesIntoBucketsByInclusiveUpperBound() {
        Histogram histogram = new Histogram(1, 10, 100);
        for (long value : new long[] {0, 1, 2, 10, 11, 100, 5000}) {
            histogram.record(value);
        }

        Histogram.Snapshot snapshot = histogram.snapshot();

        assertThat(snapshot.counts()).containsExactly(2, 2, 2, 1);
        assertThat(snapshot.cumulative(1)).isEqualTo(4);
        assertThat(snapshot.count()).isEqualTo(7);
        assertThat(snapshot.sum()).isEqualTo(5124);
        assertThat(snapshot.max()).isEqualTo(5000);
        assertThat(snapshot.quantileBound(0.5)).isEqualTo(10);
        assertThat(snapshot.toString()).contains("≤1: 2").contains(">100: 1");
        assertThatThrownBy(() -> new Histogram(5, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCountersAddUpByReason() {
        AccountingListenerCounters counters = new AccountingListenerCounters();
        counters.received();
        counters.received();
        counters.received();
        counters.dropped(DropReason.BAD_AUTHENTICATOR);
        counters.dropped(DropReason.QUEUE_FULL);
        counters.committed(1, TimeUnit.MILLISECONDS.toNanos(3));
        counters.answered(TimeUnit.MILLISECONDS.toNanos(7));
        counters.commitFailed(4, TimeUnit.MILLISECONDS.toNanos(30));

        AccountingListenerCounters.Snapshot snapshot = counters.snapshot();

        assertThat(snapshot.received()).isEqualTo(3);
        assertThat(snapshot.dropped(DropReason.BAD_AUTHENTICATOR)).isEqualTo(1);
        assertThat(snapshot.droppedTotal()).isEqualTo(2);
        assertThat(snapshot.batches()).isEqualTo(1);
        assertThat(snapshot.failedBatches()).isEqualTo(1);
        assertThat(snapshot.batchSizes().count()).isEqualTo(1);
        assertThat(snapshot.commitMillis().count()).isEqualTo(2);
        assertThat(snapshot.answered()).isEqualTo(1);
        assertThat(snapshot.ackMillis().max()).isEqualTo(7);
        assertThat(DropReason.UNKNOWN_NAS_BEHIND_PROXY.label()).isEqualTo("unknown_nas_behind_proxy");
    }
}
