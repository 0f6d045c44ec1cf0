package io.sessionkeeper.app.wiring;

import dagger.BindsInstance;
import dagger.Component;
import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.app.config.AppConfig;
import io.sessionkeeper.app.runtime.ScheduledArchive;
import io.sessionkeeper.app.runtime.ScheduledCleanup;
import io.sessionkeeper.app.runtime.Service;
import jakarta.inject.Singleton;

/** The whole service. Built once per process from the configuration. */
@Singleton
@Component(
        modules = {
            DomainModule.class,
            PersistenceModule.class,
            RadiusModule.class,
            HttpModule.class,
            MetricsModule.class,
            QualityModule.class,
            JobsModule.class
        })
public interface ServiceComponent {
    Service service();

    PostgresPersistence persistence();

    /** The stale-session cleanup as the scheduled job runs it (for the {@code cleanup} command). */
    ScheduledCleanup scheduledCleanup();

    /** The session history's job as the service runs it (for the {@code archive} command). */
    ScheduledArchive scheduledArchive();

    @Component.Factory
    interface Factory {
        ServiceComponent create(@BindsInstance AppConfig config);
    }

    static ServiceComponent of(AppConfig config) {
        return DaggerServiceComponent.factory().create(config);
    }
}
