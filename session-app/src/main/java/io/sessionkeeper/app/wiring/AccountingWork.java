package io.sessionkeeper.app.wiring;

import dagger.Binds;
import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import io.sessionkeeper.domain.port.in.LookupNasUseCase;
import io.sessionkeeper.domain.port.in.TrackAccountingUseCase;
import io.sessionkeeper.domain.port.out.AccountingCommitListener;
import io.sessionkeeper.domain.port.out.NasDirectory;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.service.AccountingPolicy;
import io.sessionkeeper.domain.service.AccountingService;
import io.sessionkeeper.domain.service.NasLookupService;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The domain's services of the accounting path, over the accounting pool: what the RADIUS listener drives. An
 * injector of its own (ADR 0028): it sees only what its factory is given, and builds each service once, by the
 * service's {@code @Inject} constructor.
 */
@Singleton
@Component(modules = AccountingWork.Bindings.class)
public interface AccountingWork {
    TrackAccountingUseCase tracking();

    /** The NAS list in memory: the listener's look-up, and what the API's NAS administration refreshes. */
    LookupNasUseCase nasLookup();

    @Component.Factory
    interface Factory {
        AccountingWork create(
                @BindsInstance SessionRepository sessions,
                @BindsInstance NasDirectory nasDirectory,
                @BindsInstance Clock clock,
                @BindsInstance AccountingPolicy policy,
                @BindsInstance NasLookupService.RefreshInterval nasRefresh,
                @BindsInstance AccountingCommitListener committed);
    }

    static Factory factory() {
        return DaggerAccountingWork.factory();
    }

    @Module
    interface Bindings {
        @Binds
        TrackAccountingUseCase tracking(AccountingService service);

        @Binds
        LookupNasUseCase nasLookup(NasLookupService service);
    }
}
