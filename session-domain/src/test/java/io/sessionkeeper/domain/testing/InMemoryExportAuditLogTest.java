package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.port.out.ExportAuditLog;

class InMemoryExportAuditLogTest extends ExportAuditLogContract {
    @Override
    protected ExportAuditLog createLog() {
        return new InMemoryExportAuditLog();
    }
}
