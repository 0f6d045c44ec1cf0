package io.sessionkeeper.app.wiring;

import dagger.Module;
import dagger.Provides;
import io.sessionkeeper.domain.port.in.TrackAccountingUseCase;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.service.AccountingPolicy;
import io.sessionkeeper.domain.service.AccountingService;

/**
 * Deliberately breaks the rules (test sources only): a module that builds a domain service by hand although its
 * {@code @Inject} constructor builds it, as the app's DomainModule did before ADR 0028 — once in plain sight, once
 * behind the use case it implements.
 */
@Module
public interface DoubleWiringFixture {
    @Provides
    static AccountingService accounting(SessionRepository sessions) {
        return new AccountingService(sessions, AccountingPolicy.DEFAULT);
    }

    @Provides
    static TrackAccountingUseCase tracking(SessionRepository sessions) {
        return new AccountingService(sessions, AccountingPolicy.DEFAULT);
    }
}
