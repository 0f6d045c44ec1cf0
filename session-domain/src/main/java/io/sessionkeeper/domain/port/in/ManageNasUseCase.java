package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.TenantId;
import java.util.List;

/** Registers the routers (and RADIUS proxies) of a tenant. Changes reach the RADIUS listener at once. */
public interface ManageNasUseCase {
    /** @throws io.sessionkeeper.domain.model.ConflictException when the IP address is taken */
    Nas register(SaveNasCommand command);

    /** @throws io.sessionkeeper.domain.model.NotFoundException when the tenant has no such NAS */
    Nas update(NasId id, SaveNasCommand command);

    Nas get(TenantId tenant, NasId id);

    List<Nas> list(TenantId tenant);

    void remove(TenantId tenant, NasId id);
}
