package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.CustomerId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.CustomerDirectory;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The customer directory in memory; passes {@link CustomerDirectoryContract}. */
public final class InMemoryCustomerDirectory implements CustomerDirectory {
    private record Key(TenantId tenant, String username) {}

    private final Map<Key, Customer> byUsername = new LinkedHashMap<>();

    @Override
    public synchronized Optional<Customer> findById(TenantId tenant, CustomerId id) {
        return byUsername.values().stream()
                .filter(c -> c.tenant().equals(tenant) && c.id().equals(id))
                .findFirst();
    }

    @Override
    public synchronized Optional<Customer> findByUsername(TenantId tenant, String username) {
        return Optional.ofNullable(byUsername.get(new Key(tenant, username)));
    }

    @Override
    public synchronized Map<String, Customer> findByUsernames(TenantId tenant, Collection<String> usernames) {
        Map<String, Customer> found = new HashMap<>();
        for (String username : usernames) {
            Customer customer = byUsername.get(new Key(tenant, username));
            if (customer != null) {
                found.put(username, customer);
            }
        }
        return found;
    }

    @Override
    public synchronized List<Customer> list(TenantId tenant, long offset, int limit) {
        return byUsername.values().stream()
                .filter(c -> c.tenant().equals(tenant))
                .sorted(Comparator.comparing(Customer::username))
                .skip(offset)
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized long count(TenantId tenant) {
        return byUsername.values().stream()
                .filter(c -> c.tenant().equals(tenant))
                .count();
    }

    @Override
    public synchronized void save(Customer customer) {
        byUsername.put(new Key(customer.tenant(), customer.username()), customer);
    }

    @Override
    public synchronized boolean delete(TenantId tenant, String username) {
        return byUsername.remove(new Key(tenant, username)) != null;
    }
}
