package io.sessionkeeper.app.cli;

import io.sessionkeeper.app.config.AppConfig;
import io.sessionkeeper.app.runtime.Service;
import io.sessionkeeper.app.wiring.ServiceComponent;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the service until SIGTERM/SIGINT, then stops it gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "run the service (the default command)")
final class ServeCommand implements Runnable {
    @Mixin
    ConfigOption config;

    @Override
    public void run() {
        serve(config.load());
    }

    static void serve(AppConfig appConfig) {
        Service service = ServiceComponent.of(appConfig).service();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                service.close();
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "shutdown"));
        try {
            service.start(System.out);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
