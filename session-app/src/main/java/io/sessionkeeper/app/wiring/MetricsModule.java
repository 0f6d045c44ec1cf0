package io.sessionkeeper.app.wiring;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.app.metrics.ActiveSessionsGauge;
import jakarta.inject.Singleton;

/**
 * One Prometheus registry for the whole service, with JVM figures and the database's figures as a background task
 * reads them (a scrape never waits for the database).
 */
@Module
public interface MetricsModule {
    @Provides
    @Singleton
    static PrometheusMeterRegistry prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return registry;
    }

    @Binds
    MeterRegistry registry(PrometheusMeterRegistry registry);

    @Provides
    @Singleton
    static ActiveSessionsGauge activeSessions(MeterRegistry registry, PostgresPersistence persistence) {
        return new ActiveSessionsGauge(registry, persistence::activeSessionCount, ActiveSessionsGauge.DEFAULT_INTERVAL);
    }
}
