package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.TenantId;
import java.time.ZoneId;

/** Statistics of a tenant; "today" starts at local midnight in {@code zone}, or in the tenant's zone when null. */
public record SessionStatisticsQuery(TenantId tenant, ZoneId zone) {
    public SessionStatisticsQuery {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
    }
}
