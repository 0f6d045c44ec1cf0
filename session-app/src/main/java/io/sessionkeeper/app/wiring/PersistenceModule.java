package io.sessionkeeper.app.wiring;

import dagger.Module;
import dagger.Provides;
import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.app.config.AppConfig;
import jakarta.inject.Singleton;

/**
 * PostgreSQL (embedded or external), migrated and its secrets keyring checked on open. It hands out the driven ports
 * of each pool; {@link DomainModule} gives each kind of work the ports of its own pool.
 */
@Module
public interface PersistenceModule {
    @Provides
    @Singleton
    static PostgresPersistence persistence(AppConfig config) {
        return PostgresPersistence.open(config.database(), config.secretKeys());
    }
}
