package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.ExportAuditEntry;
import io.sessionkeeper.domain.port.out.ExportAuditLog;
import io.sessionkeeper.domain.port.out.ExportAuditRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The export audit in memory: entries in the order opened, ids counting from 1. */
public final class InMemoryExportAuditLog implements ExportAuditLog {
    private final List<ExportAuditEntry> entries = new ArrayList<>();

    @Override
    public synchronized long opened(ExportAuditRecord record) {
        long id = entries.size() + 1L;
        entries.add(new ExportAuditEntry(id, record, null, 0, ExportAuditEntry.Outcome.RUNNING));
        return id;
    }

    @Override
    public synchronized void closed(TenantId tenant, long id, long rows, ExportAuditEntry.Outcome outcome, Instant at) {
        if (id < 1 || id > entries.size()) {
            return;
        }
        ExportAuditEntry entry = entries.get((int) id - 1);
        if (!entry.record().tenant().equals(tenant)) {
            return; // as a store that looks entries up by tenant and id: another tenant's entry is not found
        }
        entries.set((int) id - 1, new ExportAuditEntry(id, entry.record(), at, rows, outcome));
    }

    @Override
    public synchronized List<ExportAuditEntry> latest(TenantId tenant, int limit) {
        return entries.stream()
                .filter(e -> e.record().tenant().equals(tenant))
                .sorted(Comparator.comparingLong(ExportAuditEntry::id).reversed())
                .limit(limit)
                .toList();
    }
}
