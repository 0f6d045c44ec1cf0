package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.SessionComparison;
import io.sessionkeeper.domain.model.TenantId;

/** A customer's current session against its recent ones. */
public interface SessionComparisonUseCase {
    /**
     * @throws io.sessionkeeper.domain.model.NotFoundException when the tenant has no customer of that User-Name and
     *     no session of it either
     */
    SessionComparison compare(TenantId tenant, String username);
}
