package io.sessionkeeper.adapter.http;

/** The metrics in Prometheus text exposition format, served at {@code /metrics} (the app supplies them). */
@FunctionalInterface
public interface MetricsScrape {
    String scrape();
}
