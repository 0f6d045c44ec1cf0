package io.sessionkeeper.app.wiring;

import dagger.Module;
import dagger.Provides;
import io.sessionkeeper.adapter.quality.FpingProber;
import io.sessionkeeper.app.config.AppConfig;
import io.sessionkeeper.domain.port.out.EchoProber;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/**
 * The active quality source: fping with the configured ranges and rate. Built also when the prober is off (with no
 * range: it would probe nothing); only its scheduled rounds are not started then.
 */
@Module
public interface QualityModule {
    /** How long an echo is waited for. */
    Duration ECHO_TIMEOUT = Duration.ofSeconds(1);

    @Provides
    @Singleton
    static EchoProber echoProber(AppConfig config) {
        AppConfig.Probe probe = config.quality().probe();
        return probe == null
                ? new FpingProber(new FpingProber.Config(List.of("fping"), List.of(), 1, 1, ECHO_TIMEOUT))
                : new FpingProber(new FpingProber.Config(
                        List.of(probe.fping()), probe.ranges(), probe.echoes(), probe.echoesPerSecond(), ECHO_TIMEOUT));
    }
}
