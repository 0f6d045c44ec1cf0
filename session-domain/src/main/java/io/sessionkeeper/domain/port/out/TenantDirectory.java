package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.model.TenantId;
import java.util.Optional;

/** The tenants. A tenant is created implicitly, the first time a token is issued for it. */
public interface TenantDirectory {
    Optional<Tenant> findById(TenantId id);

    /** Stores the tenant unless one with its id exists (then nothing changes). */
    void createIfAbsent(Tenant tenant);

    /** Stores the tenant, replacing the one with its id (name and time zone). */
    void save(Tenant tenant);
}
