package io.sessionkeeper.app.wiring;

import dagger.Module;
import dagger.Provides;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sessionkeeper.adapter.http.DrivingPorts;
import io.sessionkeeper.adapter.http.HttpApi;
import io.sessionkeeper.adapter.http.HttpApiConfig;
import io.sessionkeeper.adapter.http.HttpHooks;
import io.sessionkeeper.adapter.http.RateLimitSettings;
import io.sessionkeeper.adapter.http.ReadinessCheck;
import io.sessionkeeper.adapter.http.webhook.JdkWebhookSender;
import io.sessionkeeper.adapter.http.webhook.WebhookTargets;
import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.app.config.AppConfig;
import io.sessionkeeper.domain.port.out.WebhookSender;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The REST API, with readiness from the database (on the health pool: a busy API or job does not make it wait) and
 * metrics from the Prometheus registry (which never reads the database while scraped).
 */
@Module
public interface HttpModule {
    @Provides
    static DrivingPorts ports(ApiWork api) {
        return new DrivingPorts(
                api.authenticate(),
                api.listSessions(),
                api.getSession(),
                api.statistics(),
                api.cleanup(),
                api.terminate(),
                api.changeRateLimit(),
                api.nas(),
                api.customers(),
                api.tokens(),
                api.tenant(),
                new DrivingPorts.History(api.export(), api.timeline(), api.bandwidth(), api.addressLookup()),
                new DrivingPorts.Alerting(api.alertRules(), api.alerts(), api.webhooks()),
                new DrivingPorts.Quality(api.recordQuality(), api.sessionQuality()),
                new DrivingPorts.Analytics(
                        api.peakTimes(), api.sessionComparison(), api.multiDevice(), api.nasHealth(), api.topUsers()));
    }

    /**
     * Webhooks out, through the JDK's HTTP client, to the targets the operator allows
     * ({@code SESSION_WEBHOOK_ALLOW_PRIVATE_TARGETS}).
     */
    @Provides
    @Singleton
    static WebhookSender webhookSender(AppConfig config, Clock clock) {
        return new JdkWebhookSender(WebhookTargets.system(config.alerting().allowPrivateTargets()), clock);
    }

    @Provides
    static HttpHooks hooks(PostgresPersistence persistence, PrometheusMeterRegistry registry) {
        ReadinessCheck readiness = () -> persistence.ready()
                ? ReadinessCheck.Readiness.up()
                : ReadinessCheck.Readiness.down("database does not answer");
        return new HttpHooks(readiness, registry::scrape, (method, route, status, nanos) -> Timer.builder(
                        "sessionkeeper.http.requests")
                .description("HTTP requests by route")
                .tag("method", method)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS));
    }

    @Provides
    @Singleton
    static HttpApi api(AppConfig config, DrivingPorts ports, HttpHooks hooks, Clock clock) {
        RateLimitSettings limits = config.rateLimitPerMinute() == 0
                ? RateLimitSettings.OFF
                : new RateLimitSettings(true, config.rateLimitPerMinute(), config.rateLimitExpensivePerMinute());
        return new HttpApi(
                HttpApiConfig.of(config.httpBind().getHostAddress(), config.httpPort())
                        .withRateLimits(limits)
                        .withAuthFailuresPerMinute(config.authFailuresPerMinute())
                        .withTrustedProxies(config.trustedProxies()),
                ports,
                hooks,
                clock);
    }
}
