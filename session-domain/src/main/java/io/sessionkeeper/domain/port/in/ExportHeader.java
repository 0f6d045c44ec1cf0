package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.SessionCriteria;
import io.sessionkeeper.domain.model.Tenant;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What an export is, known before its first row: the tenant, the criteria, the zone its days and times are in (the
 * one asked for or the tenant's), when it was made, and how many rows it will have when that was counted (a limited
 * export), else -1.
 */
public record ExportHeader(
        Tenant tenant, SessionCriteria criteria, ZoneId zone, Instant generatedAt, long expectedRows) {
    public ExportHeader {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(criteria != null, "criteria", "must not be null");
        InvalidValueException.require(zone != null, "zone", "must not be null");
        InvalidValueException.require(generatedAt != null, "generatedAt", "must not be null");
    }
}
