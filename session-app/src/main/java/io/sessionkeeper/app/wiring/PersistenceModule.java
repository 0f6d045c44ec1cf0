package io.sessionkeeper.app.wiring;

import dagger.Module;
import dagger.Provides;
import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.app.config.AppConfig;
import io.sessionkeeper.domain.port.out.ExportAuditLog;
import io.sessionkeeper.domain.port.out.SessionExportReader;
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
        return PostgresPersistence.open(config.database(), config.secretKeys(), true, config.accountingMemory());
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
