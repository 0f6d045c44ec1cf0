package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.port.out.ExportAuditLog;
import io.sessionkeeper.domain.testing.ExportAuditLogContract;

/** The domain's ExportAuditLog contract, run against PostgreSQL (table export_audit, migration V8). */
class PostgresExportAuditLogContractTest extends ExportAuditLogContract {
    private final TestDatabase database = TestDatabase.get();

    @Override
    protected ExportAuditLog createLog() {
        database.truncate();
        return new PostgresExportAuditLog(database.dataSource());
    }
}
