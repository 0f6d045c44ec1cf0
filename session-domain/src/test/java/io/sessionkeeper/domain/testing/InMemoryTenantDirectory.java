package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.TenantDirectory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Tenants in memory; passes {@link TenantDirectoryContract}. */
public final class InMemoryTenantDirectory implements TenantDirectory {
    private final Map<TenantId, Tenant> tenants = new LinkedHashMap<>();

    @Override
    public synchronized Optional<Tenant> findById(TenantId id) {
        return Optional.ofNullable(tenants.get(id));
    }

    @Override
    public synchronized void createIfAbsent(Tenant tenant) {
        tenants.putIfAbsent(tenant.id(), tenant);
    }

    @Override
    public synchronized void save(Tenant tenant) {
        tenants.put(tenant.id(), tenant);
    }
}
