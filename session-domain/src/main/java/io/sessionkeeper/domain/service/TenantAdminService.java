package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.in.ChangeTimeZoneCommand;
import io.sessionkeeper.domain.port.in.ManageTenantUseCase;
import io.sessionkeeper.domain.port.out.TenantDirectory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.ZoneOffset;

/** The tenant's settings; a tenant without a record reads as its defaults (UTC), as the statistics treat it. */
@Singleton
public final class TenantAdminService implements ManageTenantUseCase {
    private final TenantDirectory tenants;

    @Inject
    public TenantAdminService(TenantDirectory tenants) {
        this.tenants = tenants;
    }

    @Override
    public Tenant get(TenantId tenant) {
        return tenants.findById(tenant).orElseGet(() -> defaults(tenant));
    }

    @Override
    public Tenant changeTimeZone(ChangeTimeZoneCommand command) {
        Tenant current = get(command.tenant());
        Tenant changed = new Tenant(current.id(), current.name(), command.timeZone());
        tenants.save(changed);
        return changed;
    }

    private static Tenant defaults(TenantId tenant) {
        return new Tenant(tenant, tenant.value(), ZoneOffset.UTC);
    }
}
