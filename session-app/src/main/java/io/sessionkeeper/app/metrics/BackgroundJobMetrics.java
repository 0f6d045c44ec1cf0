package io.sessionkeeper.app.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sessionkeeper.domain.service.AlertHandOff;
import java.util.function.DoubleSupplier;

/**
 * What an operator watches of the background jobs, read from the jobs' own figures at scrape time (no database
 * access):
 *
 * <ul>
 *   <li>{@code sessionkeeper_usage_samples_default_partition}: usage samples in {@code session_samples_default} at the
 *       last usage-history round of this instance (their day had no partition: a NAS clock far off, or the job not
 *       running; alarm above 0). NaN before the first round.
 *   <li>{@code sessionkeeper_usage_samples_queued_batches}: batches of usage samples that accounting queued and the
 *       fold has not stored yet, at the last round (about one a second's packets in steady state; alarm when it grows
 *       from round to round: the fold falls behind or does not run). NaN before the first round.
 *   <li>{@code sessionkeeper_usage_samples_rejected_batches}: batches the fold set aside because their data cannot
 *       be stored (alarm above 0; the rows stay in {@code usage_sample_batches} with {@code rejected_at}).
 *   <li>{@code sessionkeeper_usage_history_last_round_seconds}: when that round completed (Unix seconds; alarm when
 *       it lags the job interval by much on every instance).
 *   <li>{@code sessionkeeper_sessions_history_default_partition}: sessions in {@code sessions_history_default} at the
 *       last session-archive round of this instance (their stop month had no partition: a stop older than 30 years,
 *       or a partition that could not be made; alarm above 0). NaN before the first round.
 *   <li>{@code sessionkeeper_session_archive_last_round_seconds}: when that round completed (Unix seconds).
 *   <li>{@code sessionkeeper_alerts_handoff_dropped_total}: committed accounting units not handed to the prompt alert
 *       evaluation because its queue was full (the sweep still finds them, later).
 * </ul>
 */
public final class BackgroundJobMetrics {
    private BackgroundJobMetrics() {}

    /** The figures of the last usage-history round, each NaN before it. */
    public record UsageHistoryFigures(
            DoubleSupplier defaultRows,
            DoubleSupplier queuedBatches,
            DoubleSupplier rejectedBatches,
            DoubleSupplier lastRound) {}

    /** Binds {@code figures}: the default partition's rows, the queue, when the round completed (Unix seconds). */
    public static void bindUsageHistory(MeterRegistry registry, UsageHistoryFigures figures) {
        DoubleSupplier defaultRows = figures.defaultRows();
        DoubleSupplier lastRound = figures.lastRound();
        Gauge.builder(
                        "sessionkeeper.usage.samples.queued.batches",
                        figures.queuedBatches(),
                        DoubleSupplier::getAsDouble)
                .description("batches of usage samples queued by accounting and not folded yet, at the last round")
                .strongReference(true)
                .register(registry);
        Gauge.builder(
                        "sessionkeeper.usage.samples.rejected.batches",
                        figures.rejectedBatches(),
                        DoubleSupplier::getAsDouble)
                .description("batches of usage samples the fold set aside (their data cannot be stored)")
                .strongReference(true)
                .register(registry);
        Gauge.builder("sessionkeeper.usage.samples.default.partition", defaultRows, DoubleSupplier::getAsDouble)
                .description("usage samples in the default partition at the last usage-history round")
                .strongReference(true)
                .register(registry);
        Gauge.builder("sessionkeeper.usage.history.last.round.seconds", lastRound, DoubleSupplier::getAsDouble)
                .description("when the last usage-history round of this instance completed (Unix seconds)")
                .strongReference(true)
                .register(registry);
    }

    /**
     * @param defaultRows the history's default partition's rows at the last round (NaN before it)
     * @param lastRound when the last round completed, Unix seconds (NaN before it)
     */
    public static void bindSessionArchive(
            MeterRegistry registry, DoubleSupplier defaultRows, DoubleSupplier lastRound) {
        Gauge.builder("sessionkeeper.sessions.history.default.partition", defaultRows, DoubleSupplier::getAsDouble)
                .description("sessions in the history's default partition at the last session-archive round")
                .strongReference(true)
                .register(registry);
        Gauge.builder("sessionkeeper.session.archive.last.round.seconds", lastRound, DoubleSupplier::getAsDouble)
                .description("when the last session-archive round of this instance completed (Unix seconds)")
                .strongReference(true)
                .register(registry);
    }

    public static void bindAlertHandOff(MeterRegistry registry, AlertHandOff handOff) {
        FunctionCounter.builder("sessionkeeper.alerts.handoff.dropped", handOff, AlertHandOff::dropped)
                .description("committed units not handed to the prompt alert evaluation (queue full)")
                .register(registry);
    }
}
