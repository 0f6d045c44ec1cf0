package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.model.TenantId;

/**
 * A tenant's own settings: today its time zone, which decides where "today" starts in the statistics (and in what
 * later releases count by day). Callers are authorised by the driving adapter (permission {@code settings:manage}).
 */
public interface ManageTenantUseCase {
    /** The tenant as stored; one never stored yet (no token issued since tenants were recorded) has the defaults. */
    Tenant get(TenantId tenant);

    /** Sets the tenant's time zone, creating the tenant's record if it has none; returns the tenant as stored. */
    Tenant changeTimeZone(ChangeTimeZoneCommand command);
}
