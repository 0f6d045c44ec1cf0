package io.sessionkeeper.app.runtime;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The service's scheduled jobs, started together after the API and the RADIUS listener and closed together before
 * the API stops. Each job keeps its own thread and interval (zero: it never runs).
 */
@Singleton
public final class ScheduledJobs implements AutoCloseable {
    private final ScheduledCleanup cleanup;
    private final ScheduledUsageHistory usageHistory;
    private final ScheduledQuality quality;
    private final ScheduledAnalytics analytics;
    private final ScheduledArchive archive;
    private final AlertJobs alerts;

    @Inject
    public ScheduledJobs(
            ScheduledCleanup cleanup,
            ScheduledUsageHistory usageHistory,
            ScheduledQuality quality,
            ScheduledAnalytics analytics,
            ScheduledArchive archive,
            AlertJobs alerts) {
        this.cleanup = cleanup;
        this.usageHistory = usageHistory;
        this.quality = quality;
        this.analytics = analytics;
        this.archive = archive;
        this.alerts = alerts;
    }

    public void start() {
        cleanup.start();
        usageHistory.start();
        quality.start();
        analytics.start();
        archive.start();
        alerts.start();
    }

    @Override
    public void close() {
        cleanup.close();
        usageHistory.close();
        quality.close();
        analytics.close();
        archive.close();
        alerts.close();
    }
}
