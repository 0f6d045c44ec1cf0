package io.sessionkeeper.app.wiring;

import static io.sessionkeeper.adapter.persistence.database.PoolRole.ACCOUNTING;
import static io.sessionkeeper.adapter.persistence.database.PoolRole.API;
import static io.sessionkeeper.adapter.persistence.database.PoolRole.BACKGROUND;

import dagger.Module;
import dagger.Provides;
import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.app.config.AppConfig;
import io.sessionkeeper.domain.port.out.ApiTokenStore;
import io.sessionkeeper.domain.port.out.CustomerDirectory;
import io.sessionkeeper.domain.port.out.ExportAuditLog;
import io.sessionkeeper.domain.port.out.NasDirectory;
import io.sessionkeeper.domain.port.out.SessionExportReader;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.port.out.TenantDirectory;
import jakarta.inject.Singleton;

/**
 * PostgreSQL (embedded or external), migrated and its secrets keyring checked on open, and the driven ports it
 * implements, each over the connection pool of the work it serves ({@link Role}): the accounting path's, the
 * API's, the background jobs'.
 */
@Module
public interface PersistenceModule {
    @Provides
    @Singleton
    static PostgresPersistence persistence(AppConfig config) {
        return PostgresPersistence.open(config.database(), config.secretKeys());
    }

    @Provides
    @Role(ACCOUNTING)
    static SessionRepository accountingSessions(PostgresPersistence persistence) {
        return persistence.accounting().sessions();
    }

    /** The NAS list the RADIUS side keeps in memory, reloaded on the accounting pool. */
    @Provides
    @Role(ACCOUNTING)
    static NasDirectory accountingNas(PostgresPersistence persistence) {
        return persistence.accounting().nasDirectory();
    }

    @Provides
    @Role(API)
    static SessionRepository apiSessions(PostgresPersistence persistence) {
        return persistence.api().sessions();
    }

    @Provides
    @Role(API)
    static NasDirectory apiNas(PostgresPersistence persistence) {
        return persistence.api().nasDirectory();
    }

    @Provides
    @Role(API)
    static CustomerDirectory apiCustomers(PostgresPersistence persistence) {
        return persistence.api().customers();
    }

    @Provides
    @Role(API)
    static TenantDirectory apiTenants(PostgresPersistence persistence) {
        return persistence.api().tenants();
    }

    @Provides
    @Role(API)
    static ApiTokenStore apiTokens(PostgresPersistence persistence) {
        return persistence.api().apiTokens();
    }

    @Provides
    @Role(BACKGROUND)
    static SessionRepository backgroundSessions(PostgresPersistence persistence) {
        return persistence.background().sessions();
    }

    /** Exports read in chunks on the background pool (docs/adr/0023-streamed-exports.md). */
    @Provides
    @Singleton
    static SessionExportReader exportReader(PostgresPersistence persistence) {
        return persistence.sessionExportReader();
    }

    /** The export audit, beside the export's reads on the background pool. */
    @Provides
    @Singleton
    static ExportAuditLog exportAudit(PostgresPersistence persistence) {
        return persistence.exportAuditLog();
    }
}
