package io.sessionkeeper.app.wiring;

import dagger.Module;
import dagger.Provides;
import io.micrometer.core.instrument.MeterRegistry;
import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.app.config.AppConfig;
import io.sessionkeeper.app.metrics.AccountingMemoryMetrics;
import io.sessionkeeper.domain.port.in.BootstrapAccessUseCase;
import io.sessionkeeper.domain.port.out.EchoProber;
import io.sessionkeeper.domain.port.out.ExportAuditLog;
import io.sessionkeeper.domain.port.out.SessionDisconnector;
import io.sessionkeeper.domain.port.out.SessionExportReader;
import io.sessionkeeper.domain.port.out.WebhookSender;
import io.sessionkeeper.domain.service.AccountingPolicy;
import io.sessionkeeper.domain.service.AlertHandOff;
import io.sessionkeeper.domain.service.CachingApiTokenStore;
import io.sessionkeeper.domain.service.NasLookupService;
import io.sessionkeeper.domain.service.SessionExportService;
import io.sessionkeeper.domain.service.WebhookRetrySchedule;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The domain's services, one injector per kind of work (ADR 0021, 0028): {@link AccountingWork} over the accounting
 * pool, {@link ApiWork} over the API pool, {@link BackgroundWork} over the background pool. Each is given the driven
 * ports of its pool, unqualified, and builds its services by their {@code @Inject} constructors, once; this module
 * only decides which pool each injector gets. Nothing here builds a domain service itself.
 */
@Module
public interface DomainModule {
    @Provides
    @Singleton
    static Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The alerts' prompt path: accounting hands each committed unit's sessions over, the evaluation takes them. 64
     * units of at most a batch each (32,000 sessions at the default batch size) bound the heap it may hold when the
     * evaluation falls behind; beyond, units are dropped and the sweep catches up.
     */
    @Provides
    @Singleton
    static AlertHandOff alertHandOff() {
        return new AlertHandOff(64);
    }

    @Provides
    @Singleton
    static AccountingWork accountingWork(
            PostgresPersistence persistence,
            Clock clock,
            AppConfig config,
            AlertHandOff handOff,
            MeterRegistry registry) {
        PostgresPersistence.Ports pool = persistence.accounting();
        AccountingMemoryMetrics.bind(registry, persistence.accountingMemory());
        return AccountingWork.factory()
                .create(
                        pool.sessions(),
                        pool.nasDirectory(),
                        clock,
                        AccountingPolicy.DEFAULT,
                        new NasLookupService.RefreshInterval(config.nasRefresh()),
                        handOff);
    }

    @Provides
    @Singleton
    static ApiWork apiWork(
            PostgresPersistence persistence,
            SessionDisconnector disconnector,
            AccountingWork accounting,
            SessionExportReader exportReader,
            ExportAuditLog exportAudit,
            WebhookSender webhookSender,
            Clock clock,
            AppConfig config) {
        PostgresPersistence.Ports pool = persistence.api();
        PostgresPersistence.AlertPorts alerting = persistence.alertsApi();
        return ApiWork.factory()
                .create(
                        pool.sessions(),
                        pool.nasDirectory(),
                        pool.customers(),
                        pool.tenants(),
                        // Every API request authenticates: the cache spares the database a look-up per request, and
                        // forgets a token revoked through this instance at once (other instances: after its TTL).
                        CachingApiTokenStore.withDefaults(pool.apiTokens(), clock),
                        disconnector,
                        // the listener's own look-up: a NAS registered through the API is known to RADIUS at once
                        accounting.nasLookup(),
                        // exports read their rows and write their audit on the background pool
                        exportReader,
                        exportAudit,
                        new SessionExportService.ReadAhead(exportReadAheadThreads()),
                        pool.sessionEvents(),
                        pool.usageSamples(),
                        pool.usageHistory(),
                        pool.analytics(),
                        pool.multiDeviceFindings(),
                        clock,
                        config.stalePolicy(),
                        alerting.rules(),
                        alerting.alerts(),
                        alerting.facts(),
                        alerting.webhooks(),
                        webhookSender,
                        config.alerting().policy(),
                        pool.quality(),
                        config.quality().policy(),
                        persistence.addressHistory(),
                        persistence.addressLookupAudit());
    }

    /**
     * The threads on which an export reads its next chunk while the request's thread writes the current one: four
     * at most (exports beyond four wait their turn for the read, not for a connection), daemon threads that end
     * after a minute without work, so that nothing has to shut them down.
     */
    private static Executor exportReadAheadThreads() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor threads =
                new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "export-read-ahead-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        threads.allowCoreThreadTimeOut(true);
        return threads;
    }

    @Provides
    @Singleton
    static BackgroundWork backgroundWork(
            PostgresPersistence persistence,
            SessionDisconnector disconnector,
            WebhookSender webhookSender,
            EchoProber prober,
            Clock clock,
            AppConfig config) {
        PostgresPersistence.Ports pool = persistence.background();
        PostgresPersistence.AlertPorts alerting = persistence.alertsBackground();
        return BackgroundWork.factory()
                .create(
                        pool.sessions(),
                        clock,
                        config.stalePolicy(),
                        pool.nasDirectory(),
                        pool.tenants(),
                        disconnector,
                        pool.sessionEvents(),
                        alerting.rules(),
                        alerting.alerts(),
                        alerting.facts(),
                        alerting.actionLog(),
                        alerting.webhooks(),
                        webhookSender,
                        config.alerting().policy(),
                        WebhookRetrySchedule.DEFAULT,
                        pool.quality(),
                        config.quality().policy(),
                        prober,
                        pool.analytics(),
                        pool.multiDeviceFindings(),
                        config.analytics().multiDevice());
    }

    /** For the service's start: the first token, if the configuration asks for one. */
    @Provides
    static BootstrapAccessUseCase bootstrap(ApiWork api) {
        return api.bootstrap();
    }
}
