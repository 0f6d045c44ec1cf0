package io.sessionkeeper.app.wiring;

import dagger.Module;
import dagger.Provides;
import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.app.config.AppConfig;
import io.sessionkeeper.app.runtime.AlertJobs;
import io.sessionkeeper.app.runtime.ScheduledAnalytics;
import io.sessionkeeper.app.runtime.ScheduledCleanup;
import io.sessionkeeper.app.runtime.ScheduledUsageHistory;
import io.sessionkeeper.domain.service.AlertHandOff;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Scheduled jobs, each on the background pool: the stale-session cleanup, the usage history's partitions, retention
 * and roll-ups, and alerting (evaluation, webhooks).
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
    static ScheduledUsageHistory scheduledUsageHistory(PostgresPersistence persistence, Clock clock, AppConfig config) {
        return new ScheduledUsageHistory(persistence, clock, config);
    }

    @Provides
    @Singleton
    static ScheduledAnalytics scheduledAnalytics(PostgresPersistence persistence, Clock clock, AppConfig config) {
        return new ScheduledAnalytics(persistence, clock, config.analyticsJobInterval());
    }

    @Provides
    @Singleton
    static AlertJobs alertJobs(
            BackgroundWork background, AlertHandOff handOff, PostgresPersistence persistence, AppConfig config) {
        return new AlertJobs(
                background.alertEvaluation(),
                background.webhookDeliveries(),
                handOff,
                persistence,
                config.alerting().sweepInterval());
    }
}
