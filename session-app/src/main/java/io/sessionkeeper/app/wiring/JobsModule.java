package io.sessionkeeper.app.wiring;

import dagger.Module;
import dagger.Provides;
import io.micrometer.core.instrument.MeterRegistry;
import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.app.config.AppConfig;
import io.sessionkeeper.app.metrics.BackgroundJobMetrics;
import io.sessionkeeper.app.runtime.AlertJobs;
import io.sessionkeeper.app.runtime.ScheduledAnalytics;
import io.sessionkeeper.app.runtime.ScheduledArchive;
import io.sessionkeeper.app.runtime.ScheduledCleanup;
import io.sessionkeeper.app.runtime.ScheduledQuality;
import io.sessionkeeper.app.runtime.ScheduledUsageHistory;
import io.sessionkeeper.domain.service.AlertHandOff;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Scheduled jobs, each on the background pool: the stale-session cleanup, the usage history's partitions, retention
 * and roll-ups, the session history's partitions, archival and retention, alerting (evaluation, webhooks), and quality (the prober's rounds, the roll-up and retention).
 */
@Module
public interface JobsModule {
    @Provides
    @Singleton
    static ScheduledCleanup scheduledCleanup(
            BackgroundWork background, PostgresPersistence persistence, AppConfig config) {
        return new ScheduledCleanup(background.cleanup(), persistence, config);
    }

    @Provides
    @Singleton
    static ScheduledUsageHistory scheduledUsageHistory(
            PostgresPersistence persistence, Clock clock, AppConfig config, MeterRegistry registry) {
        ScheduledUsageHistory job = new ScheduledUsageHistory(persistence, clock, config);
        BackgroundJobMetrics.bindUsageHistory(
                registry,
                new BackgroundJobMetrics.UsageHistoryFigures(
                        () -> job.lastCompleted()
                                .map(done -> (double) done.round().maintenance().defaultRows())
                                .orElse(Double.NaN),
                        () -> job.lastCompleted()
                                .map(done -> (double) done.round().queue().queued())
                                .orElse(Double.NaN),
                        () -> job.lastCompleted()
                                .map(done -> (double) done.round().queue().rejected())
                                .orElse(Double.NaN),
                        () -> job.lastCompleted()
                                .map(done -> done.at().toEpochMilli() / 1000.0)
                                .orElse(Double.NaN)));
        return job;
    }

    @Provides
    @Singleton
    static ScheduledArchive scheduledArchive(
            PostgresPersistence persistence, Clock clock, AppConfig config, MeterRegistry registry) {
        ScheduledArchive job = new ScheduledArchive(persistence, clock, config.archive());
        BackgroundJobMetrics.bindSessionArchive(
                registry,
                () -> job.lastCompleted()
                        .map(done -> (double) done.result().defaultRows())
                        .orElse(Double.NaN),
                () -> job.lastCompleted()
                        .map(done -> done.at().toEpochMilli() / 1000.0)
                        .orElse(Double.NaN));
        return job;
    }

    @Provides
    @Singleton
    static ScheduledQuality scheduledQuality(
            BackgroundWork background, PostgresPersistence persistence, Clock clock, AppConfig config) {
        return new ScheduledQuality(background.qualityProbe(), persistence, clock, config.quality());
    }

    @Provides
    @Singleton
    static ScheduledAnalytics scheduledAnalytics(
            BackgroundWork background, PostgresPersistence persistence, Clock clock, AppConfig config) {
        return new ScheduledAnalytics(
                persistence,
                background.multiDeviceScan(),
                clock,
                config.analytics().jobInterval());
    }

    @Provides
    @Singleton
    static AlertJobs alertJobs(
            BackgroundWork background,
            AlertHandOff handOff,
            PostgresPersistence persistence,
            AppConfig config,
            MeterRegistry registry) {
        BackgroundJobMetrics.bindAlertHandOff(registry, handOff);
        return new AlertJobs(
                background.alertEvaluation(),
                background.webhookDeliveries(),
                handOff,
                persistence,
                config.alerting().sweepInterval());
    }
}
