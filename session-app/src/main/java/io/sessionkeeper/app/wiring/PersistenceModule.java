package io.sessionkeeper.app.wiring;

import dagger.Module;
import dagger.Provides;
import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.app.config.AppConfig;
import io.sessionkeeper.domain.port.out.ApiTokenStore;
import io.sessionkeeper.domain.port.out.CustomerDirectory;
import io.sessionkeeper.domain.port.out.NasDirectory;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.port.out.TenantDirectory;
import jakarta.inject.Singleton;

/**
 * PostgreSQL (embedded or external), migrated and its secrets keyring checked on open, and the driven ports it
 * implements.
 */
@Module
public interface PersistenceModule {
    @Provides
    @Singleton
    static PostgresPersistence persistence(AppConfig config) {
        return PostgresPersistence.open(config.database(), config.secretKeys());
    }

    @Provides
    static SessionRepository sessions(PostgresPersistence persistence) {
        return persistence.sessionRepository();
    }

    @Provides
    static NasDirectory nas(PostgresPersistence persistence) {
        return persistence.nasDirectory();
    }

    @Provides
    static CustomerDirectory customers(PostgresPersistence persistence) {
        return persistence.customerDirectory();
    }

    @Provides
    static TenantDirectory tenants(PostgresPersistence persistence) {
        return persistence.tenantDirectory();
    }

    @Provides
    static ApiTokenStore tokens(PostgresPersistence persistence) {
        return persistence.apiTokenStore();
    }
}
