package io.sessionkeeper.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sessionkeeper.adapter.radius.AccountingListenerMetrics;
import io.sessionkeeper.adapter.radius.DropReason;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The accounting listener's figures as Prometheus meters (counters are pre-registered: no lookup per packet). */
@Singleton
public final class MicrometerAccountingMetrics implements AccountingListenerMetrics {
    /** The acknowledgement buckets (see the constructor). */
    private static final Duration[] ACK_BUCKETS = {
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofSeconds(1),
        Duration.ofSeconds(3)
    };

    private final Counter received;
    private final Counter answered;
    private final Timer acknowledgement;
    private final Counter answeredFromCache;
    private final Counter invalidAttributes;
    private final Counter cleanedAttributes;
    private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
    private final DistributionSummary batchSize;
    private final Timer commit;
    private final Timer failedCommit;

    @Inject
    public MicrometerAccountingMetrics(MeterRegistry registry) {
        received = Counter.builder("sessionkeeper.radius.packets.received")
                .description("datagrams received on the accounting port")
                .register(registry);
        answered = Counter.builder("sessionkeeper.radius.packets.answered")
                .description("Accounting-Responses sent after commit")
                .register(registry);
        // Buckets, not quantiles: they add up across instances and over any range, and a bucket costs an increment
        // per packet where the quantiles' ring of histograms cost the writers 0.3-0.5 µs a packet (docs/benchmarks.md).
        // 50 ms is the ingest target; 1 and 3 s are NAS time-outs (a NAS retransmits, and gives up after its retries).
        acknowledgement = Timer.builder("sessionkeeper.radius.ack")
                .description("from a request's acceptance to its Accounting-Response, sent after the commit")
                .serviceLevelObjectives(ACK_BUCKETS)
                .register(registry);
        answeredFromCache = Counter.builder("sessionkeeper.radius.packets.answered.cached")
                .description("retransmissions answered from the duplicate cache")
                .register(registry);
        invalidAttributes = Counter.builder("sessionkeeper.radius.attributes.invalid")
                .description("attributes ignored for an invalid length")
                .register(registry);
        cleanedAttributes = Counter.builder("sessionkeeper.radius.attributes.cleaned")
                .description("text attributes cleaned for storage and display (invalid UTF-8, control characters)")
                .register(registry);
        for (DropReason reason : DropReason.values()) {
            dropped.put(
                    reason,
                    Counter.builder("sessionkeeper.radius.packets.dropped")
                            .description("datagrams never answered, by reason")
                            .tag("reason", reason.label())
                            .register(registry));
        }
        batchSize = DistributionSummary.builder("sessionkeeper.radius.batch.size")
                .description("accounting events per committed batch")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        commit = Timer.builder("sessionkeeper.radius.commit")
                .description("time to store a batch")
                .tag("outcome", "committed")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
        failedCommit = Timer.builder("sessionkeeper.radius.commit")
                .description("time to store a batch")
                .tag("outcome", "failed")
                .register(registry);
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
        invalidAttributes.increment(count);
    }

    @Override
    public void cleanedAttributes(int count) {
        cleanedAttributes.increment(count);
    }

    @Override
    public void answered(long nanos) {
        answered.increment();
        acknowledgement.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void answeredFromCache() {
        answeredFromCache.increment();
    }

    @Override
    public void committed(int size, long nanos) {
        batchSize.record(size);
        commit.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void commitFailed(int size, long nanos) {
        failedCommit.record(nanos, TimeUnit.NANOSECONDS);
    }
}
