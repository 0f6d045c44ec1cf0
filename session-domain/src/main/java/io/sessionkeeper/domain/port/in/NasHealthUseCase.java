package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.NasHealth;
import io.sessionkeeper.domain.model.TenantId;
import java.util.List;

/** The health of each NAS of a tenant, by name. */
public interface NasHealthUseCase {
    List<NasHealth> nasHealth(TenantId tenant);
}
