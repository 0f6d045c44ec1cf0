package io.sessionkeeper.app.wiring;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import io.sessionkeeper.adapter.radius.AccountingListener;
import io.sessionkeeper.adapter.radius.AccountingListenerMetrics;
import io.sessionkeeper.adapter.radius.AccountingListenerSettings;
import io.sessionkeeper.adapter.radius.RadiusDisconnector;
import io.sessionkeeper.adapter.radius.RadiusDisconnectorSettings;
import io.sessionkeeper.app.config.AppConfig;
import io.sessionkeeper.app.config.Setting;
import io.sessionkeeper.app.metrics.MicrometerAccountingMetrics;
import io.sessionkeeper.app.runtime.StartupException;
import io.sessionkeeper.domain.port.out.SessionDisconnector;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.time.Clock;

/** The accounting listener and the Disconnect/CoA client. Neither touches the network until started. */
@Module
public interface RadiusModule {
    @Provides
    static AccountingListenerSettings listenerSettings(AppConfig config) {
        AccountingListenerSettings defaults = AccountingListenerSettings.defaults();
        return new AccountingListenerSettings(
                config.radiusBind(),
                config.radiusAcctPort(),
                config.radiusQueueCapacity(),
                config.radiusBatchSize(),
                config.radiusBatchDelay(),
                defaults.duplicateTtl(),
                defaults.duplicateCacheSize(),
                defaults.receiveBufferBytes(),
                defaults.stopTimeout(),
                defaults.logInterval(),
                config.radiusWriters());
    }

    @Provides
    @Singleton
    static AccountingListener listener(
            AccountingListenerSettings settings,
            AccountingWork accounting,
            AccountingListenerMetrics metrics,
            Clock clock) {
        return new AccountingListener(settings, accounting.tracking(), accounting.nasLookup(), metrics, clock);
    }

    @Provides
    @Singleton
    static RadiusDisconnector disconnector(AppConfig config) {
        RadiusDisconnector disconnector = new RadiusDisconnector(RadiusDisconnectorSettings.defaults()
                .withBindAddress(config.coaSourceAddress())
                .withTimeout(config.coaTimeout(), config.coaRetransmissions()));
        try {
            disconnector.start();
        } catch (UncheckedIOException e) {
            // an address this host does not have: one line naming the setting, like a port already in use
            throw new StartupException(
                    "cannot send Disconnect/CoA from "
                            + config.coaSourceAddress().getHostAddress() + " ("
                            + Setting.COA_SOURCE_ADDRESS.key() + "): "
                            + e.getCause().getMessage(),
                    e);
        }
        return disconnector;
    }

    @Binds
    SessionDisconnector sessionDisconnector(RadiusDisconnector disconnector);

    @Binds
    AccountingListenerMetrics listenerMetrics(MicrometerAccountingMetrics metrics);
}
