package io.sessionkeeper.app.wiring;

import dagger.Binds;
import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import io.sessionkeeper.domain.port.in.CleanupStaleSessionsUseCase;
import io.sessionkeeper.domain.port.in.DeliverWebhooksUseCase;
import io.sessionkeeper.domain.port.in.EvaluateAlertsUseCase;
import io.sessionkeeper.domain.port.in.ProbeQualityUseCase;
import io.sessionkeeper.domain.port.in.ScanMultiDeviceUseCase;
import io.sessionkeeper.domain.port.in.TerminateSessionUseCase;
import io.sessionkeeper.domain.port.out.AlertActionLog;
import io.sessionkeeper.domain.port.out.AlertFacts;
import io.sessionkeeper.domain.port.out.AlertRules;
import io.sessionkeeper.domain.port.out.Alerts;
import io.sessionkeeper.domain.port.out.EchoProber;
import io.sessionkeeper.domain.port.out.MultiDeviceFindings;
import io.sessionkeeper.domain.port.out.NasDirectory;
import io.sessionkeeper.domain.port.out.QualityStore;
import io.sessionkeeper.domain.port.out.SessionAnalytics;
import io.sessionkeeper.domain.port.out.SessionDisconnector;
import io.sessionkeeper.domain.port.out.SessionEvents;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.port.out.TenantDirectory;
import io.sessionkeeper.domain.port.out.WebhookSender;
import io.sessionkeeper.domain.port.out.Webhooks;
import io.sessionkeeper.domain.service.AlertEvaluationService;
import io.sessionkeeper.domain.service.AlertPolicy;
import io.sessionkeeper.domain.service.MultiDevicePolicy;
import io.sessionkeeper.domain.service.MultiDeviceScanService;
import io.sessionkeeper.domain.service.QualityPolicy;
import io.sessionkeeper.domain.service.QualityProbeService;
import io.sessionkeeper.domain.service.StaleSessionCleanupService;
import io.sessionkeeper.domain.service.StaleSessionPolicy;
import io.sessionkeeper.domain.service.TerminateSessionService;
import io.sessionkeeper.domain.service.WebhookDeliveryService;
import io.sessionkeeper.domain.service.WebhookRetrySchedule;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The domain's services that scheduled jobs (and the {@code cleanup} command) drive, over the background pool. An
 * injector of its own (ADR 0028): the stale cleanup here is a second instance of the API's, on other connections;
 * the alert evaluation (with the termination its AUTO_DISCONNECT uses, which records its request and the NAS's answer
 * on the session's timeline), the webhook deliveries, the quality prober and the multi-device scan work here too.
 */
@Singleton
@Component(modules = BackgroundWork.Bindings.class)
public interface BackgroundWork {
    CleanupStaleSessionsUseCase cleanup();

    EvaluateAlertsUseCase alertEvaluation();

    DeliverWebhooksUseCase webhookDeliveries();

    ProbeQualityUseCase qualityProbe();

    ScanMultiDeviceUseCase multiDeviceScan();

    @Component.Factory
    interface Factory {
        BackgroundWork create(
                @BindsInstance SessionRepository sessions,
                @BindsInstance Clock clock,
                @BindsInstance StaleSessionPolicy stalePolicy,
                @BindsInstance NasDirectory nasDirectory,
                @BindsInstance TenantDirectory tenants,
                @BindsInstance SessionDisconnector disconnector,
                @BindsInstance SessionEvents sessionEvents,
                @BindsInstance AlertRules alertRules,
                @BindsInstance Alerts alerts,
                @BindsInstance AlertFacts alertFacts,
                @BindsInstance AlertActionLog alertActionLog,
                @BindsInstance Webhooks webhooks,
                @BindsInstance WebhookSender webhookSender,
                @BindsInstance AlertPolicy alertPolicy,
                @BindsInstance WebhookRetrySchedule retrySchedule,
                @BindsInstance QualityStore quality,
                @BindsInstance QualityPolicy qualityPolicy,
                @BindsInstance EchoProber prober,
                @BindsInstance SessionAnalytics analytics,
                @BindsInstance MultiDeviceFindings multiDeviceFindings,
                @BindsInstance MultiDevicePolicy multiDevicePolicy);
    }

    static Factory factory() {
        return DaggerBackgroundWork.factory();
    }

    @Module
    interface Bindings {
        @Binds
        CleanupStaleSessionsUseCase cleanup(StaleSessionCleanupService service);

        @Binds
        EvaluateAlertsUseCase alertEvaluation(AlertEvaluationService service);

        @Binds
        DeliverWebhooksUseCase webhookDeliveries(WebhookDeliveryService service);

        @Binds
        TerminateSessionUseCase terminate(TerminateSessionService service);

        @Binds
        ProbeQualityUseCase qualityProbe(QualityProbeService service);

        @Binds
        ScanMultiDeviceUseCase multiDeviceScan(MultiDeviceScanService service);
    }
}
