package io.sessionkeeper.app.wiring;

import dagger.Binds;
import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import io.sessionkeeper.domain.port.in.CleanupStaleSessionsUseCase;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.service.StaleSessionCleanupService;
import io.sessionkeeper.domain.service.StaleSessionPolicy;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The domain's services that scheduled jobs (and the {@code cleanup} command) drive, over the background pool. An
 * injector of its own (ADR 0028): the stale cleanup here is a second instance of the API's, on other connections.
 */
@Singleton
@Component(modules = BackgroundWork.Bindings.class)
public interface BackgroundWork {
    CleanupStaleSessionsUseCase cleanup();

    @Component.Factory
    interface Factory {
        BackgroundWork create(
                @BindsInstance SessionRepository sessions,
                @BindsInstance Clock clock,
                @BindsInstance StaleSessionPolicy stalePolicy);
    }

    static Factory factory() {
        return DaggerBackgroundWork.factory();
    }

    @Module
    interface Bindings {
        @Binds
        CleanupStaleSessionsUseCase cleanup(StaleSessionCleanupService service);
    }
}
