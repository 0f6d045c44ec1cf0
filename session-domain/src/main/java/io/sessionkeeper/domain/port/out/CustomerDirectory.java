package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.CustomerId;
import io.sessionkeeper.domain.model.TenantId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tenant's subscribers, linked to sessions by RADIUS User-Name. */
public interface CustomerDirectory {
    Optional<Customer> findById(TenantId tenant, CustomerId id);

    Optional<Customer> findByUsername(TenantId tenant, String username);

    /** The customers among {@code usernames}, keyed by username; unknown names are absent. */
    Map<String, Customer> findByUsernames(TenantId tenant, Collection<String> usernames);

    /** Customers of the tenant ordered by username. */
    List<Customer> list(TenantId tenant, long offset, int limit);

    long count(TenantId tenant);

    /** Adds or replaces the customer with this username. */
    void save(Customer customer);

    boolean delete(TenantId tenant, String username);
}
