package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.TenantId;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Statistics of a tenant; "today" starts at local midnight in {@code zone} (UTC when not given). */
public record SessionStatisticsQuery(TenantId tenant, ZoneId zone) {
    public SessionStatisticsQuery {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        if (zone == null) {
            zone = ZoneOffset.UTC;
        }
    }
}
