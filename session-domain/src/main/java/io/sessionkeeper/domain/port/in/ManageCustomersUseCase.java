package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.TenantId;

/** The tenant's customers, keyed by RADIUS username; sessions link to them by that name. */
public interface ManageCustomersUseCase {
    /** Creates the customer, or replaces the one with this username keeping its id. */
    Customer put(PutCustomerCommand command);

    /** @throws io.sessionkeeper.domain.model.NotFoundException when unknown */
    Customer get(TenantId tenant, String username);

    /** Customers ordered by username; {@code pageSize} 1 to 100. */
    CustomerPage list(TenantId tenant, int page, int pageSize);

    /** @throws io.sessionkeeper.domain.model.NotFoundException when unknown */
    void remove(TenantId tenant, String username);
}
