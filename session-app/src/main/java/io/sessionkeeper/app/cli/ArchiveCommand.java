package io.sessionkeeper.app.cli;

import io.sessionkeeper.app.runtime.ScheduledArchive;
import io.sessionkeeper.app.wiring.ServiceComponent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * One round of the session history's job, then exit (for an external scheduler, or to move an upgraded
 * installation's history out of the hot table at a time of the operator's choosing): partitions made ahead,
 * archival past SESSION_ARCHIVE_AFTER, retention when SESSION_RETENTION is set.
 */
@Command(
        name = "archive",
        mixinStandardHelpOptions = true,
        description = "archive sessions past SESSION_ARCHIVE_AFTER (and apply SESSION_RETENTION) once and exit")
final class ArchiveCommand implements Runnable {
    @Mixin
    ConfigOption config;

    @Override
    public void run() {
        ServiceComponent component = ServiceComponent.of(config.load());
        try {
            component
                    .scheduledArchive()
                    .runOnce()
                    .ifPresentOrElse(
                            result -> {
                                System.out.println(ScheduledArchive.describe(result));
                                result.retired()
                                        .forEach(month -> System.out.printf(
                                                "  %s: %d sessions in %s (SHA-256 %s)%n",
                                                month.month(), month.rows(), month.file(), month.sha256()));
                            },
                            () -> System.out.println("skipped: another instance is running the session archive"));
        } finally {
            component.persistence().close();
        }
    }
}
