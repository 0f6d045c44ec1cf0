package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.SessionCriteria;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenId;
import java.time.Instant;

/**
 * Who started which export: the tenant, the token (null for the service itself) and the client's address when known,
 * when, in which format, and with which criteria; their period always names the zone its days were counted in (the
 * one asked for, or the tenant's).
 */
public record ExportAuditRecord(
        TenantId tenant,
        TokenId token,
        IpAddress clientAddress,
        Instant startedAt,
        String format,
        SessionCriteria criteria) {
    public ExportAuditRecord {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(startedAt != null, "startedAt", "must not be null");
        InvalidValueException.require(format != null && !format.isBlank(), "format", "must not be blank");
        InvalidValueException.require(
                criteria != null && criteria.period().zone() != null, "zone", "the period must name its zone");
    }
}
