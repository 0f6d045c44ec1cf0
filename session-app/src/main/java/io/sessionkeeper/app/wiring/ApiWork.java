package io.sessionkeeper.app.wiring;

import dagger.Binds;
import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import io.sessionkeeper.domain.port.in.AuthenticateUseCase;
import io.sessionkeeper.domain.port.in.BandwidthUseCase;
import io.sessionkeeper.domain.port.in.BootstrapAccessUseCase;
import io.sessionkeeper.domain.port.in.ChangeRateLimitUseCase;
import io.sessionkeeper.domain.port.in.CleanupStaleSessionsUseCase;
import io.sessionkeeper.domain.port.in.ExportSessionsUseCase;
import io.sessionkeeper.domain.port.in.GetSessionTimelineUseCase;
import io.sessionkeeper.domain.port.in.GetSessionUseCase;
import io.sessionkeeper.domain.port.in.ListSessionsUseCase;
import io.sessionkeeper.domain.port.in.LookupAddressUseCase;
import io.sessionkeeper.domain.port.in.LookupNasUseCase;
import io.sessionkeeper.domain.port.in.ManageAlertRulesUseCase;
import io.sessionkeeper.domain.port.in.ManageAlertsUseCase;
import io.sessionkeeper.domain.port.in.ManageCustomersUseCase;
import io.sessionkeeper.domain.port.in.ManageNasUseCase;
import io.sessionkeeper.domain.port.in.ManageTenantUseCase;
import io.sessionkeeper.domain.port.in.ManageTokensUseCase;
import io.sessionkeeper.domain.port.in.ManageWebhooksUseCase;
import io.sessionkeeper.domain.port.in.MultiDeviceUseCase;
import io.sessionkeeper.domain.port.in.NasHealthUseCase;
import io.sessionkeeper.domain.port.in.PeakTimesUseCase;
import io.sessionkeeper.domain.port.in.RecordQualityUseCase;
import io.sessionkeeper.domain.port.in.SessionComparisonUseCase;
import io.sessionkeeper.domain.port.in.SessionQualityUseCase;
import io.sessionkeeper.domain.port.in.SessionStatisticsUseCase;
import io.sessionkeeper.domain.port.in.TerminateSessionUseCase;
import io.sessionkeeper.domain.port.in.TopUsersUseCase;
import io.sessionkeeper.domain.port.out.AddressHistory;
import io.sessionkeeper.domain.port.out.AddressLookupAudit;
import io.sessionkeeper.domain.port.out.AlertFacts;
import io.sessionkeeper.domain.port.out.AlertRules;
import io.sessionkeeper.domain.port.out.Alerts;
import io.sessionkeeper.domain.port.out.ApiTokenStore;
import io.sessionkeeper.domain.port.out.CustomerDirectory;
import io.sessionkeeper.domain.port.out.ExportAuditLog;
import io.sessionkeeper.domain.port.out.MultiDeviceFindings;
import io.sessionkeeper.domain.port.out.NasDirectory;
import io.sessionkeeper.domain.port.out.QualityStore;
import io.sessionkeeper.domain.port.out.SessionAnalytics;
import io.sessionkeeper.domain.port.out.SessionDisconnector;
import io.sessionkeeper.domain.port.out.SessionEvents;
import io.sessionkeeper.domain.port.out.SessionExportReader;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.port.out.TenantDirectory;
import io.sessionkeeper.domain.port.out.UsageHistory;
import io.sessionkeeper.domain.port.out.UsageSamples;
import io.sessionkeeper.domain.port.out.WebhookSender;
import io.sessionkeeper.domain.port.out.Webhooks;
import io.sessionkeeper.domain.service.AccessService;
import io.sessionkeeper.domain.service.AddressLookupService;
import io.sessionkeeper.domain.service.AlertPolicy;
import io.sessionkeeper.domain.service.AlertRuleService;
import io.sessionkeeper.domain.service.AnalyticsService;
import io.sessionkeeper.domain.service.BandwidthService;
import io.sessionkeeper.domain.service.CustomerAdminService;
import io.sessionkeeper.domain.service.NasAdminService;
import io.sessionkeeper.domain.service.QualityPolicy;
import io.sessionkeeper.domain.service.QualityService;
import io.sessionkeeper.domain.service.SessionExportService;
import io.sessionkeeper.domain.service.SessionQueryService;
import io.sessionkeeper.domain.service.SessionTimelineService;
import io.sessionkeeper.domain.service.StaleSessionCleanupService;
import io.sessionkeeper.domain.service.StaleSessionPolicy;
import io.sessionkeeper.domain.service.TenantAdminService;
import io.sessionkeeper.domain.service.TerminateSessionService;
import io.sessionkeeper.domain.service.WebhookAdminService;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The domain's services that REST requests drive, over the API pool. An injector of its own (ADR 0028): it sees
 * only what its factory is given — the API pool's ports, and from outside that pool only the CoA client and the
 * accounting path's NAS look-up (which NAS administration refreshes) — and builds each service once, by the
 * service's {@code @Inject} constructor; a service behind several use cases is one instance.
 */
@Singleton
@Component(modules = ApiWork.Bindings.class)
public interface ApiWork {
    AuthenticateUseCase authenticate();

    ManageTokensUseCase tokens();

    BootstrapAccessUseCase bootstrap();

    ListSessionsUseCase listSessions();

    GetSessionUseCase getSession();

    GetSessionTimelineUseCase timeline();

    SessionStatisticsUseCase statistics();

    /** The cleanup a REST request asks for ({@code POST /api/sessions/sync}). */
    CleanupStaleSessionsUseCase cleanup();

    TerminateSessionUseCase terminate();

    ChangeRateLimitUseCase changeRateLimit();

    ManageNasUseCase nas();

    ManageCustomersUseCase customers();

    ManageTenantUseCase tenant();

    ExportSessionsUseCase export();

    BandwidthUseCase bandwidth();

    LookupAddressUseCase addressLookup();

    RecordQualityUseCase recordQuality();

    SessionQualityUseCase sessionQuality();

    ManageAlertRulesUseCase alertRules();

    ManageAlertsUseCase alerts();

    ManageWebhooksUseCase webhooks();

    PeakTimesUseCase peakTimes();

    SessionComparisonUseCase sessionComparison();

    MultiDeviceUseCase multiDevice();

    NasHealthUseCase nasHealth();

    TopUsersUseCase topUsers();

    @Component.Factory
    interface Factory {
        /**
         * @param tokens the token store every request's authentication reads: give it a cache in front of the
         *     database ({@code CachingApiTokenStore}), as the service does
         */
        ApiWork create(
                @BindsInstance SessionRepository sessions,
                @BindsInstance NasDirectory nasDirectory,
                @BindsInstance CustomerDirectory customers,
                @BindsInstance TenantDirectory tenants,
                @BindsInstance ApiTokenStore tokens,
                @BindsInstance SessionDisconnector disconnector,
                @BindsInstance LookupNasUseCase nasLookup,
                @BindsInstance SessionExportReader exportReader,
                @BindsInstance ExportAuditLog exportAudit,
                @BindsInstance SessionExportService.ReadAhead exportReadAhead,
                @BindsInstance SessionEvents sessionEvents,
                @BindsInstance UsageSamples usageSamples,
                @BindsInstance UsageHistory usageHistory,
                @BindsInstance SessionAnalytics analytics,
                @BindsInstance MultiDeviceFindings multiDeviceFindings,
                @BindsInstance Clock clock,
                @BindsInstance StaleSessionPolicy stalePolicy,
                @BindsInstance AlertRules alertRules,
                @BindsInstance Alerts alerts,
                @BindsInstance AlertFacts alertFacts,
                @BindsInstance Webhooks webhooks,
                @BindsInstance WebhookSender webhookSender,
                @BindsInstance AlertPolicy alertPolicy,
                @BindsInstance QualityStore quality,
                @BindsInstance QualityPolicy qualityPolicy,
                @BindsInstance AddressHistory addressHistory,
                @BindsInstance AddressLookupAudit addressLookupAudit);
    }

    static Factory factory() {
        return DaggerApiWork.factory();
    }

    @Module
    interface Bindings {
        @Binds
        ManageTenantUseCase tenant(TenantAdminService service);

        @Binds
        ExportSessionsUseCase export(SessionExportService service);

        @Binds
        BandwidthUseCase bandwidth(BandwidthService service);

        @Binds
        LookupAddressUseCase addressLookup(AddressLookupService service);

        @Binds
        RecordQualityUseCase recordQuality(QualityService service);

        @Binds
        SessionQualityUseCase sessionQuality(QualityService service);

        @Binds
        PeakTimesUseCase peakTimes(AnalyticsService service);

        @Binds
        SessionComparisonUseCase sessionComparison(AnalyticsService service);

        @Binds
        MultiDeviceUseCase multiDevice(AnalyticsService service);

        @Binds
        NasHealthUseCase nasHealth(AnalyticsService service);

        @Binds
        TopUsersUseCase topUsers(AnalyticsService service);

        @Binds
        AuthenticateUseCase authenticate(AccessService service);

        @Binds
        ManageTokensUseCase tokens(AccessService service);

        @Binds
        BootstrapAccessUseCase bootstrap(AccessService service);

        @Binds
        ListSessionsUseCase listSessions(SessionQueryService service);

        @Binds
        GetSessionUseCase getSession(SessionQueryService service);

        @Binds
        GetSessionTimelineUseCase timeline(SessionTimelineService service);

        @Binds
        SessionStatisticsUseCase statistics(SessionQueryService service);

        @Binds
        CleanupStaleSessionsUseCase cleanup(StaleSessionCleanupService service);

        @Binds
        TerminateSessionUseCase terminate(TerminateSessionService service);

        @Binds
        ChangeRateLimitUseCase changeRateLimit(TerminateSessionService service);

        @Binds
        ManageNasUseCase nas(NasAdminService service);

        @Binds
        ManageCustomersUseCase customers(CustomerAdminService service);

        @Binds
        ManageAlertRulesUseCase alertRules(AlertRuleService service);

        @Binds
        ManageAlertsUseCase alerts(AlertRuleService service);

        @Binds
        ManageWebhooksUseCase webhooks(WebhookAdminService service);
    }
}
