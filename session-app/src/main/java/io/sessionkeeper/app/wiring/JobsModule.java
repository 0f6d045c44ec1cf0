package io.sessionkeeper.app.wiring;

import dagger.Module;
import dagger.Provides;
import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.app.config.AppConfig;
import io.sessionkeeper.app.runtime.ScheduledCleanup;
import jakarta.inject.Singleton;

/** Scheduled jobs, each on the background pool: the stale-session cleanup (and the jobs later releases add). */
@Module
public interface JobsModule {
    @Provides
    @Singleton
    static ScheduledCleanup scheduledCleanup(
            BackgroundWork background, PostgresPersistence persistence, AppConfig config) {
        return new ScheduledCleanup(background.cleanup(), persistence, config);
    }
}
