package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.CUSTOMERS;

import io.sessionkeeper.adapter.persistence.mapping.CustomerMapper;
import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.CustomerId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.CustomerDirectory;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** A tenant's customers in PostgreSQL; the username is unique within the tenant. */
public final class PostgresCustomerDirectory implements CustomerDirectory {
    private final DSLContext dsl;

    public PostgresCustomerDirectory(DataSource dataSource) {
        this(JooqContexts.create(dataSource));
    }

    PostgresCustomerDirectory(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Optional<Customer> findById(TenantId tenant, CustomerId id) {
        return dsl.selectFrom(CUSTOMERS)
                .where(CUSTOMERS.TENANT_ID.eq(tenant.value()), CUSTOMERS.ID.eq(id.value()))
                .fetchOptional(CustomerMapper::toCustomer);
    }

    @Override
    public Optional<Customer> findByUsername(TenantId tenant, String username) {
        return dsl.selectFrom(CUSTOMERS)
                .where(CUSTOMERS.TENANT_ID.eq(tenant.value()), CUSTOMERS.USERNAME.eq(username))
                .fetchOptional(CustomerMapper::toCustomer);
    }

    @Override
    public Map<String, Customer> findByUsernames(TenantId tenant, Collection<String> usernames) {
        if (usernames.isEmpty()) {
            return Map.of();
        }
        Map<String, Customer> found = new HashMap<>();
        dsl.selectFrom(CUSTOMERS)
                .where(
                        CUSTOMERS.TENANT_ID.eq(tenant.value()),
                        CUSTOMERS.USERNAME.eq(DSL.any(usernames.toArray(String[]::new))))
                .fetch(CustomerMapper::toCustomer)
                .forEach(customer -> found.put(customer.username(), customer));
        return found;
    }

    @Override
    public List<Customer> list(TenantId tenant, long offset, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return dsl.selectFrom(CUSTOMERS)
                .where(CUSTOMERS.TENANT_ID.eq(tenant.value()))
                .orderBy(CUSTOMERS.USERNAME)
                .offset(Math.max(0, offset))
                .limit(limit)
                .fetch(CustomerMapper::toCustomer);
    }

    @Override
    public long count(TenantId tenant) {
        return dsl.fetchCount(CUSTOMERS, CUSTOMERS.TENANT_ID.eq(tenant.value()));
    }

    /**
     * Replaces the tenant's customer with this username (whatever its id), then writes this one by id: a customer
     * saved again under a new username is renamed.
     */
    @Override
    public void save(Customer customer) {
        var row = CustomerMapper.toRecord(customer);
        TransientFailures.transaction(dsl, configuration -> {
            DSLContext tx = configuration.dsl();
            tx.deleteFrom(CUSTOMERS)
                    .where(
                            CUSTOMERS.TENANT_ID.eq(row.getTenantId()),
                            CUSTOMERS.USERNAME.eq(row.getUsername()),
                            CUSTOMERS.ID.ne(row.getId()))
                    .execute();
            return tx.insertInto(CUSTOMERS)
                    .set(row)
                    .onConflict(CUSTOMERS.TENANT_ID, CUSTOMERS.ID)
                    .doUpdate()
                    .set(row)
                    .execute();
        });
    }

    @Override
    public boolean delete(TenantId tenant, String username) {
        return dsl.deleteFrom(CUSTOMERS)
                        .where(CUSTOMERS.TENANT_ID.eq(tenant.value()), CUSTOMERS.USERNAME.eq(username))
                        .execute()
                > 0;
    }
}
