package io.sessionkeeper.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sessionkeeper.domain.model.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The active-sessions figure is read in the background; a scrape only reads memory. */
class ActiveSessionsGaugeTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    @Timeout(30)
    void aScrapeDoesNotWaitForADatabaseThatDoesNotAnswer() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong reads = new AtomicLong();
        ActiveSessionsGauge gauge = new ActiveSessionsGauge(
                registry,
                () -> {
                    if (reads.incrementAndGet() == 1) {
                        return 42;
                    }
                    stalled.countDown();
                    await(release);
                    return 43;
                },
                Duration.ofMillis(50));
        try {
            gauge.start();
            assertThat(stalled.await(20, TimeUnit.SECONDS))
                    .as("the second read hangs")
                    .isTrue();

            String scrape = registry.scrape();

            assertThat(scrape).contains("sessionkeeper_sessions_active 42.0");
        } finally {
            release.countDown();
            gauge.close();
        }
    }

    @Test
    void aFailedReadShowsNaNAndTheNextGoodOneTheFigure() {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        ActiveSessionsGauge gauge = new ActiveSessionsGauge(
                registry,
                () -> {
                    if (failure.get() != null) {
                        throw failure.get();
                    }
                    return 7;
                },
                Duration.ofMinutes(1));
        assertThat(registry.scrape()).as("nothing read yet").contains("sessionkeeper_sessions_active NaN");

        gauge.refresh();
        assertThat(registry.scrape()).contains("sessionkeeper_sessions_active 7.0");

        failure.set(new StoreUnavailableException("database unavailable: test", null));
        gauge.refresh();
        assertThat(registry.scrape()).contains("sessionkeeper_sessions_active NaN");

        failure.set(null);
        gauge.refresh();
        assertThat(registry.scrape()).contains("sessionkeeper_sessions_active 7.0");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
