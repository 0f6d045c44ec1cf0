package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.SessionCriteria;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenId;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Who started which export: the tenant, the token (null for the service itself) and the client's address when known,
 * when, in which format, with which criteria, and the zone its days were counted in.
 */
public record ExportAuditRecord(
        TenantId tenant,
        TokenId token,
        IpAddress clientAddress,
        Instant startedAt,
        String format,
        SessionCriteria criteria,
        ZoneId zone) {
    public ExportAuditRecord {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(startedAt != null, "startedAt", "must not be null");
        InvalidValueException.require(format != null && !format.isBlank(), "format", "must not be blank");
        InvalidValueException.require(criteria != null, "criteria", "must not be null");
        InvalidValueException.require(zone != null, "zone", "must not be null");
    }
}
