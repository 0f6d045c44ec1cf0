package io.sessionkeeper.app.wiring;

import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.DisconnectResult;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasVendor;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.port.in.SaveNasCommand;
import io.sessionkeeper.domain.port.out.SessionDisconnector;
import io.sessionkeeper.domain.port.out.WebhookSender;
import io.sessionkeeper.domain.service.AccessService;
import io.sessionkeeper.domain.service.AccountingPolicy;
import io.sessionkeeper.domain.service.AccountingService;
import io.sessionkeeper.domain.service.AlertEvaluationService;
import io.sessionkeeper.domain.service.AlertHandOff;
import io.sessionkeeper.domain.service.AlertPolicy;
import io.sessionkeeper.domain.service.AlertRuleService;
import io.sessionkeeper.domain.service.NasLookupService;
import io.sessionkeeper.domain.service.SessionExportService;
import io.sessionkeeper.domain.service.SessionQueryService;
import io.sessionkeeper.domain.service.StaleSessionCleanupService;
import io.sessionkeeper.domain.service.StaleSessionPolicy;
import io.sessionkeeper.domain.service.TerminateSessionService;
import io.sessionkeeper.domain.service.WebhookAdminService;
import io.sessionkeeper.domain.service.WebhookDeliveryService;
import io.sessionkeeper.domain.service.WebhookRetrySchedule;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.InMemoryAlertFacts;
import io.sessionkeeper.domain.testing.InMemoryAlertRules;
import io.sessionkeeper.domain.testing.InMemoryAlerting;
import io.sessionkeeper.domain.testing.InMemoryApiTokenStore;
import io.sessionkeeper.domain.testing.InMemoryCustomerDirectory;
import io.sessionkeeper.domain.testing.InMemoryNasDirectory;
import io.sessionkeeper.domain.testing.InMemorySessionRepository;
import io.sessionkeeper.domain.testing.InMemoryTenantDirectory;
import io.sessionkeeper.domain.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The injectors of the three kinds of work (ADR 0028), built as the service builds them, on in-memory ports. */
class WorkComponentsTest {
    private final MutableClock clock = new MutableClock(Fixtures.T0);
    /** One NAS table, as the database is one: each pool has its own port over it. */
    private final InMemoryNasDirectory nasTable = new InMemoryNasDirectory();

    private final AlertHandOff handOff = new AlertHandOff(10);
    private final InMemoryAlerting alerting = new InMemoryAlerting();
    private final InMemoryAlertRules alertRules = new InMemoryAlertRules();
    private final InMemoryAlertFacts alertFacts =
            new InMemoryAlertFacts(new InMemorySessionRepository(), nasTable, new InMemoryCustomerDirectory());
    private final WebhookSender noSender = new WebhookSender() {
        @Override
        public java.util.Optional<String> refusal(java.net.URI url) {
            return java.util.Optional.empty();
        }

        @Override
        public io.sessionkeeper.domain.model.DeliveryOutcome send(io.sessionkeeper.domain.model.PendingDelivery d) {
            throw new UnsupportedOperationException("not used by these tests");
        }
    };

    private final AccountingWork accounting = AccountingWork.factory()
            .create(
                    new InMemorySessionRepository(),
                    nasTable,
                    clock,
                    AccountingPolicy.DEFAULT,
                    new NasLookupService.RefreshInterval(Duration.ofHours(1)),
                    handOff);
    private final io.sessionkeeper.domain.testing.InMemoryAddressHistory addresses =
            new io.sessionkeeper.domain.testing.InMemoryAddressHistory(new InMemorySessionRepository());
    private final ApiWork api = ApiWork.factory()
            .create(
                    new InMemorySessionRepository(),
                    nasTable,
                    new InMemoryCustomerDirectory(),
                    new InMemoryTenantDirectory(),
                    new InMemoryApiTokenStore(),
                    new NoDisconnects(),
                    accounting.nasLookup(),
                    new io.sessionkeeper.domain.testing.InMemorySessionExportReader(new InMemorySessionRepository()),
                    new io.sessionkeeper.domain.testing.InMemoryExportAuditLog(),
                    new SessionExportService.ReadAhead(Runnable::run),
                    new io.sessionkeeper.domain.testing.InMemorySessionEvents(),
                    new io.sessionkeeper.domain.testing.InMemoryUsageSamples(new InMemorySessionRepository()),
                    new io.sessionkeeper.domain.testing.InMemoryUsageHistory(new InMemorySessionRepository()),
                    new io.sessionkeeper.domain.testing.InMemorySessionAnalytics(
                            new InMemorySessionRepository(), clock),
                    new io.sessionkeeper.domain.testing.InMemoryMultiDeviceFindings(
                            new InMemorySessionRepository(),
                            new io.sessionkeeper.domain.testing.InMemoryNasDirectory()),
                    clock,
                    StaleSessionPolicy.DEFAULT,
                    alertRules,
                    alerting,
                    alertFacts,
                    alerting,
                    noSender,
                    AlertPolicy.DEFAULT,
                    new io.sessionkeeper.domain.testing.InMemoryQualityStore(new InMemorySessionRepository()),
                    io.sessionkeeper.domain.service.QualityPolicy.DEFAULT,
                    addresses,
                    addresses);
    private final BackgroundWork background = BackgroundWork.factory()
            .create(
                    new InMemorySessionRepository(),
                    clock,
                    StaleSessionPolicy.DEFAULT,
                    nasTable,
                    new InMemoryTenantDirectory(),
                    new NoDisconnects(),
                    new io.sessionkeeper.domain.testing.InMemorySessionEvents(),
                    alertRules,
                    alerting,
                    alertFacts,
                    alerting,
                    alerting,
                    noSender,
                    AlertPolicy.DEFAULT,
                    WebhookRetrySchedule.DEFAULT,
                    new io.sessionkeeper.domain.testing.InMemoryQualityStore(new InMemorySessionRepository()),
                    io.sessionkeeper.domain.service.QualityPolicy.DEFAULT,
                    io.sessionkeeper.app.wiring.QualityModule.echoProber(io.sessionkeeper.app.config.AppConfig.from(
                            io.sessionkeeper.app.config.Settings.of(java.util.Map.of()))),
                    new io.sessionkeeper.domain.testing.InMemorySessionAnalytics(
                            new InMemorySessionRepository(), clock),
                    new io.sessionkeeper.domain.testing.InMemoryMultiDeviceFindings(
                            new InMemorySessionRepository(),
                            new io.sessionkeeper.domain.testing.InMemoryNasDirectory()),
                    io.sessionkeeper.domain.service.MultiDevicePolicy.DEFAULT);

    @Test
    void theAnalyticsUseCasesAreOneAnalyticsService() {
        assertThat(api.peakTimes())
                .isInstanceOf(io.sessionkeeper.domain.service.AnalyticsService.class)
                .isSameAs(api.sessionComparison())
                .isSameAs(api.multiDevice())
                .isSameAs(api.nasHealth())
                .isSameAs(api.topUsers());
    }

    @Test
    void aServiceBehindSeveralUseCasesIsOneInstanceBuiltByItsInjectConstructor() {
        assertThat(api.listSessions())
                .isInstanceOf(SessionQueryService.class)
                .isSameAs(api.getSession())
                .isSameAs(api.statistics());
        assertThat(api.authenticate())
                .isInstanceOf(AccessService.class)
                .isSameAs(api.tokens())
                .isSameAs(api.bootstrap());
        assertThat(api.terminate()).isInstanceOf(TerminateSessionService.class).isSameAs(api.changeRateLimit());
        assertThat(api.recordQuality())
                .isInstanceOf(io.sessionkeeper.domain.service.QualityService.class)
                .isSameAs(api.sessionQuality());
        assertThat(accounting.tracking()).isInstanceOf(AccountingService.class).isSameAs(accounting.tracking());
        assertThat(accounting.nasLookup()).isInstanceOf(NasLookupService.class).isSameAs(accounting.nasLookup());
    }

    @Test
    void aNasRegisteredThroughTheApiIsKnownToTheAccountingLookUpAtOnce() {
        IpAddress router = IpAddress.parse("192.0.2.1");
        assertThat(accounting.nasLookup().radiusClient(router)).isEmpty();

        Nas nas = api.nas()
                .register(new SaveNasCommand(
                        TENANT, "Main Router", router, "s3cret", null, NasVendor.MIKROTIK, null, false, null, false));

        assertThat(accounting.nasLookup().radiusClient(router)).contains(nas);
    }

    @Test
    void alertingIsBuiltByItsServicesInjectConstructorsAndAccountingHandsCommitsToTheEvaluation() throws Exception {
        assertThat(api.alertRules()).isInstanceOf(AlertRuleService.class).isSameAs(api.alerts());
        assertThat(api.webhooks()).isInstanceOf(WebhookAdminService.class);
        assertThat(background.alertEvaluation()).isInstanceOf(AlertEvaluationService.class);
        assertThat(background.webhookDeliveries()).isInstanceOf(WebhookDeliveryService.class);

        Nas nas = Fixtures.nas("Main Router", "192.0.2.1");
        accounting
                .tracking()
                .track(new io.sessionkeeper.domain.port.in.TrackAccountingCommand(java.util.List.of(
                        Fixtures.start(nas, "alice", "A1", Fixtures.T0).build())));
        assertThat(handOff.take(Duration.ofSeconds(1)))
                .extracting(Session::username)
                .containsExactly("alice");
    }

    @Test
    void theScheduledCleanupIsAnInstanceOfItsOwnBesideTheApis() {
        assertThat(background.cleanup())
                .isInstanceOf(StaleSessionCleanupService.class)
                .isSameAs(background.cleanup())
                .isNotSameAs(api.cleanup());
        assertThat(api.cleanup()).isInstanceOf(StaleSessionCleanupService.class);
    }

    /** Termination is not exercised here. */
    private static final class NoDisconnects implements SessionDisconnector {
        @Override
        public DisconnectResult disconnect(Nas nas, Session session) {
            throw new UnsupportedOperationException("not used by these tests");
        }

        @Override
        public DisconnectResult changeRateLimit(Nas nas, Session session, String rateLimit) {
            throw new UnsupportedOperationException("not used by these tests");
        }
    }
}
