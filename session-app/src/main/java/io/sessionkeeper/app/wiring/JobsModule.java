package io.sessionkeeper.app.wiring;

import static io.sessionkeeper.adapter.persistence.database.PoolRole.BACKGROUND;

import dagger.Module;
import dagger.Provides;
import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.app.config.AppConfig;
import io.sessionkeeper.app.runtime.ScheduledCleanup;
import io.sessionkeeper.domain.port.in.CleanupStaleSessionsUseCase;
import jakarta.inject.Singleton;

/** Scheduled jobs, each on the background pool: the stale-session cleanup (and the jobs later releases add). */
@Module
public interface JobsModule {
    @Provides
    @Singleton
    static ScheduledCleanup scheduledCleanup(
            @Role(BACKGROUND) CleanupStaleSessionsUseCase cleanup, PostgresPersistence persistence, AppConfig config) {
        return new ScheduledCleanup(cleanup, persistence, config);
    }
}
