package io.sessionkeeper.domain.model;

import java.time.ZoneId;

/** An ISP using the service; its time zone decides where "today" starts in the statistics. */
public record Tenant(TenantId id, String name, ZoneId timeZone) {
    public Tenant {
        InvalidValueException.require(id != null, "id", "must not be null");
        InvalidValueException.require(name != null && !name.isBlank(), "name", "must not be blank");
        InvalidValueException.require(timeZone != null, "timeZone", "must not be null");
    }
}
