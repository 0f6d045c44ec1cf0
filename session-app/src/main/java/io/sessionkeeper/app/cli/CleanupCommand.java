package io.sessionkeeper.app.cli;

import io.sessionkeeper.app.wiring.ServiceComponent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** One stale-session cleanup of every tenant, then exit (for an external scheduler). */
@Command(name = "cleanup", mixinStandardHelpOptions = true, description = "close stale sessions once and exit")
final class CleanupCommand implements Runnable {
    @Mixin
    ConfigOption config;

    @Override
    public void run() {
        ServiceComponent component = ServiceComponent.of(config.load());
        try {
            component
                    .scheduledCleanup()
                    .runOnce()
                    .ifPresentOrElse(
                            result -> System.out.printf(
                                    "closed %d stale sessions last seen before %s%n",
                                    result.cleanedCount(), result.cutoffTime()),
                            () -> System.out.println("skipped: another instance is running the cleanup"));
        } finally {
            component.persistence().close();
        }
    }
}
