package io.sessionkeeper.app.wiring;

import static io.sessionkeeper.adapter.persistence.database.PoolRole.ACCOUNTING;
import static io.sessionkeeper.adapter.persistence.database.PoolRole.API;
import static io.sessionkeeper.adapter.persistence.database.PoolRole.BACKGROUND;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import io.sessionkeeper.app.config.AppConfig;
import io.sessionkeeper.domain.port.in.AuthenticateUseCase;
import io.sessionkeeper.domain.port.in.BootstrapAccessUseCase;
import io.sessionkeeper.domain.port.in.ChangeRateLimitUseCase;
import io.sessionkeeper.domain.port.in.CleanupStaleSessionsUseCase;
import io.sessionkeeper.domain.port.in.ExportSessionsUseCase;
import io.sessionkeeper.domain.port.in.GetSessionUseCase;
import io.sessionkeeper.domain.port.in.ListSessionsUseCase;
import io.sessionkeeper.domain.port.in.LookupNasUseCase;
import io.sessionkeeper.domain.port.in.ManageCustomersUseCase;
import io.sessionkeeper.domain.port.in.ManageNasUseCase;
import io.sessionkeeper.domain.port.in.ManageTokensUseCase;
import io.sessionkeeper.domain.port.in.SessionStatisticsUseCase;
import io.sessionkeeper.domain.port.in.TerminateSessionUseCase;
import io.sessionkeeper.domain.port.in.TrackAccountingUseCase;
import io.sessionkeeper.domain.port.out.ApiTokenStore;
import io.sessionkeeper.domain.port.out.CustomerDirectory;
import io.sessionkeeper.domain.port.out.ExportAuditLog;
import io.sessionkeeper.domain.port.out.NasDirectory;
import io.sessionkeeper.domain.port.out.SessionDisconnector;
import io.sessionkeeper.domain.port.out.SessionExportReader;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.port.out.TenantDirectory;
import io.sessionkeeper.domain.service.AccessService;
import io.sessionkeeper.domain.service.AccountingPolicy;
import io.sessionkeeper.domain.service.AccountingService;
import io.sessionkeeper.domain.service.CachingApiTokenStore;
import io.sessionkeeper.domain.service.CustomerAdminService;
import io.sessionkeeper.domain.service.NasAdminService;
import io.sessionkeeper.domain.service.NasLookupService;
import io.sessionkeeper.domain.service.SessionExportService;
import io.sessionkeeper.domain.service.SessionQueryService;
import io.sessionkeeper.domain.service.StaleSessionCleanupService;
import io.sessionkeeper.domain.service.StaleSessionPolicy;
import io.sessionkeeper.domain.service.TerminateSessionService;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The domain's services, one instance each, bound to the driving ports they implement; each gets the driven ports of
 * the pool of its work ({@link Role}): accounting for the RADIUS path, API for what REST requests drive.
 */
@Module
public interface DomainModule {
    @Provides
    @Singleton
    static Clock clock() {
        return Clock.systemUTC();
    }

    @Provides
    static AccountingPolicy accountingPolicy() {
        return AccountingPolicy.DEFAULT;
    }

    @Provides
    static StaleSessionPolicy stalePolicy(AppConfig config) {
        return config.stalePolicy();
    }

    @Provides
    static NasLookupService.RefreshInterval nasRefresh(AppConfig config) {
        return new NasLookupService.RefreshInterval(config.nasRefresh());
    }

    @Provides
    @Singleton
    static AccountingService accounting(@Role(ACCOUNTING) SessionRepository sessions, AccountingPolicy policy) {
        return new AccountingService(sessions, policy);
    }

    @Provides
    @Singleton
    static SessionQueryService queries(
            @Role(API) SessionRepository sessions,
            @Role(API) CustomerDirectory customers,
            @Role(API) NasDirectory nas,
            @Role(API) TenantDirectory tenants,
            Clock clock) {
        return new SessionQueryService(sessions, customers, nas, tenants, clock);
    }

    /** The cleanup a REST request asks for ({@code POST /api/sessions/sync}). */
    @Provides
    @Singleton
    static StaleSessionCleanupService cleanup(
            @Role(API) SessionRepository sessions, StaleSessionPolicy policy, Clock clock) {
        return new StaleSessionCleanupService(sessions, policy, clock);
    }

    /** The same cleanup as a scheduled job (and the {@code cleanup} command), on the background pool. */
    @Provides
    @Singleton
    @Role(BACKGROUND)
    static CleanupStaleSessionsUseCase scheduledCleanup(
            @Role(BACKGROUND) SessionRepository sessions, StaleSessionPolicy policy, Clock clock) {
        return new StaleSessionCleanupService(sessions, policy, clock);
    }

    @Provides
    @Singleton
    static TerminateSessionService terminate(
            @Role(API) SessionRepository sessions,
            @Role(API) NasDirectory nas,
            SessionDisconnector disconnector,
            Clock clock) {
        return new TerminateSessionService(sessions, nas, disconnector, clock);
    }

    @Provides
    @Singleton
    static NasLookupService nasLookup(
            @Role(ACCOUNTING) NasDirectory nas, Clock clock, NasLookupService.RefreshInterval refresh) {
        return new NasLookupService(nas, clock, refresh);
    }

    @Provides
    @Singleton
    static NasAdminService nasAdmin(@Role(API) NasDirectory nas, LookupNasUseCase lookup) {
        return new NasAdminService(nas, lookup);
    }

    @Provides
    @Singleton
    static CustomerAdminService customerAdmin(@Role(API) CustomerDirectory customers) {
        return new CustomerAdminService(customers);
    }

    @Provides
    @Singleton
    static AccessService access(@Role(API) ApiTokenStore tokens, @Role(API) TenantDirectory tenants, Clock clock) {
        // Every API request authenticates: the cache spares the database a look-up per request, and forgets a
        // token revoked through this instance at once (other instances: after its time-to-live).
        return new AccessService(CachingApiTokenStore.withDefaults(tokens, clock), tenants, clock);
    }

    /**
     * Exports: rows from the background pool (the reader and the audit are bound to it), the small look-ups (tenant,
     * customer, NAS names) on the API's.
     */
    @Provides
    @Singleton
    static SessionExportService export(
            SessionExportReader reader,
            @Role(API) CustomerDirectory customers,
            @Role(API) NasDirectory nas,
            @Role(API) TenantDirectory tenants,
            ExportAuditLog audit,
            Clock clock) {
        return new SessionExportService(reader, customers, nas, tenants, audit, clock);
    }

    @Binds
    ExportSessionsUseCase exportSessions(SessionExportService service);

    @Binds
    TrackAccountingUseCase trackAccounting(AccountingService service);

    @Binds
    ListSessionsUseCase listSessions(SessionQueryService service);

    @Binds
    GetSessionUseCase getSession(SessionQueryService service);

    @Binds
    SessionStatisticsUseCase statistics(SessionQueryService service);

    @Binds
    CleanupStaleSessionsUseCase cleanupUseCase(StaleSessionCleanupService service);

    @Binds
    TerminateSessionUseCase terminateUseCase(TerminateSessionService service);

    @Binds
    ChangeRateLimitUseCase changeRateLimit(TerminateSessionService service);

    @Binds
    LookupNasUseCase lookupNas(NasLookupService service);

    @Binds
    ManageNasUseCase manageNas(NasAdminService service);

    @Binds
    ManageCustomersUseCase manageCustomers(CustomerAdminService service);

    @Binds
    AuthenticateUseCase authenticate(AccessService service);

    @Binds
    ManageTokensUseCase manageTokens(AccessService service);

    @Binds
    BootstrapAccessUseCase bootstrap(AccessService service);
}
