package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * The registered NAS and RADIUS proxies. A RADIUS client is identified by its source address, so an IP address
 * belongs to at most one NAS across all tenants.
 */
public interface NasDirectory {
    Optional<Nas> findById(TenantId tenant, NasId id);

    List<Nas> findByTenant(TenantId tenant);

    /** Every NAS of every tenant: the RADIUS side keeps them in memory. */
    List<Nas> findAll();

    /**
     * Adds or replaces a NAS.
     *
     * @throws io.sessionkeeper.domain.model.ConflictException when another NAS has its IP address
     */
    void save(Nas nas);

    boolean delete(TenantId tenant, NasId id);
}
