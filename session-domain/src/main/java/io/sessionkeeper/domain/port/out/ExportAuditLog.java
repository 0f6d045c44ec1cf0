package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.TenantId;
import java.time.Instant;
import java.util.List;

/**
 * The record of exports: one entry per export, opened before its first row leaves and closed when it ends, so that an
 * export that never finished (the process died) still shows, as running.
 */
public interface ExportAuditLog {
    /** Stores the start of an export; returns the entry's id within its tenant. */
    long opened(ExportAuditRecord record);

    /** Ends the entry: how many rows were written and how it ended. */
    void closed(TenantId tenant, long id, long rows, ExportAuditEntry.Outcome outcome, Instant at);

    /** The tenant's newest entries first, at most {@code limit}. */
    List<ExportAuditEntry> latest(TenantId tenant, int limit);
}
