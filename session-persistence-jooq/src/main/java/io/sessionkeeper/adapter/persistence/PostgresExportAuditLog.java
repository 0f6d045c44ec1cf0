package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.EXPORT_AUDIT;

import io.sessionkeeper.adapter.persistence.jooq.tables.records.ExportAuditRecord;
import io.sessionkeeper.adapter.persistence.mapping.Instants;
import io.sessionkeeper.domain.model.CustomerId;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.SessionCriteria;
import io.sessionkeeper.domain.model.SessionPeriod;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.out.ExportAuditEntry;
import io.sessionkeeper.domain.port.out.ExportAuditLog;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/** The export audit in {@code export_audit} (migration V8): one row per export, inserted at its start. */
public final class PostgresExportAuditLog implements ExportAuditLog {
    private final DSLContext dsl;

    public PostgresExportAuditLog(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    @Override
    public long opened(io.sessionkeeper.domain.port.out.ExportAuditRecord record) {
        SessionCriteria criteria = record.criteria();
        SessionPeriod period = criteria.period();
        return dsl.insertInto(EXPORT_AUDIT)
                .set(EXPORT_AUDIT.TENANT_ID, record.tenant().value())
                .set(EXPORT_AUDIT.STARTED_AT, Instants.toDb(record.startedAt()))
                .set(
                        EXPORT_AUDIT.TOKEN_ID,
                        record.token() == null ? null : record.token().value())
                .set(EXPORT_AUDIT.IP_ADDRESS, record.clientAddress())
                .set(EXPORT_AUDIT.FORMAT, record.format())
                .set(EXPORT_AUDIT.STATUS, criteria.status().name())
                .set(
                        EXPORT_AUDIT.CUSTOMER_ID,
                        criteria.customerId() == null
                                ? null
                                : criteria.customerId().value())
                .set(
                        EXPORT_AUDIT.NAS_ID,
                        criteria.nasId() == null ? null : criteria.nasId().value())
                .set(EXPORT_AUDIT.SEARCH, criteria.search())
                .set(EXPORT_AUDIT.START_DATE, period.startDate())
                .set(EXPORT_AUDIT.END_DATE, period.endDate())
                .set(EXPORT_AUDIT.TIME_ZONE, period.zone().getId())
                .set(EXPORT_AUDIT.OVERLAP, period.overlap())
                .set(EXPORT_AUDIT.OUTCOME, ExportAuditEntry.Outcome.RUNNING.name())
                .returning(EXPORT_AUDIT.ID)
                .fetchSingle()
                .getId();
    }

    @Override
    public void closed(TenantId tenant, long id, long rows, ExportAuditEntry.Outcome outcome, Instant at) {
        dsl.update(EXPORT_AUDIT)
                .set(EXPORT_AUDIT.FINISHED_AT, Instants.toDb(at))
                .set(EXPORT_AUDIT.ROW_COUNT, rows)
                .set(EXPORT_AUDIT.OUTCOME, outcome.name())
                .where(EXPORT_AUDIT.TENANT_ID.eq(tenant.value()), EXPORT_AUDIT.ID.eq(id))
                .execute();
    }

    @Override
    public List<ExportAuditEntry> latest(TenantId tenant, int limit) {
        return dsl.selectFrom(EXPORT_AUDIT)
                .where(EXPORT_AUDIT.TENANT_ID.eq(tenant.value()))
                .orderBy(EXPORT_AUDIT.ID.desc())
                .limit(Math.max(0, limit))
                .fetch(PostgresExportAuditLog::toEntry);
    }

    private static ExportAuditEntry toEntry(ExportAuditRecord row) {
        SessionPeriod period =
                new SessionPeriod(row.getStartDate(), row.getEndDate(), ZoneId.of(row.getTimeZone()), row.getOverlap());
        SessionCriteria criteria = new SessionCriteria(
                SessionStatusFilter.valueOf(row.getStatus()),
                row.getCustomerId() == null ? null : new CustomerId(row.getCustomerId()),
                row.getNasId() == null ? null : new NasId(row.getNasId()),
                row.getSearch(),
                period);
        return new ExportAuditEntry(
                row.getId(),
                new io.sessionkeeper.domain.port.out.ExportAuditRecord(
                        TenantId.of(row.getTenantId()),
                        row.getTokenId() == null ? null : new TokenId(row.getTokenId()),
                        row.getIpAddress(),
                        row.getStartedAt(),
                        row.getFormat(),
                        criteria),
                row.getFinishedAt(),
                row.getRowCount(),
                ExportAuditEntry.Outcome.valueOf(row.getOutcome()));
    }
}
