package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.CustomerId;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.Text;
import io.sessionkeeper.domain.port.in.CustomerPage;
import io.sessionkeeper.domain.port.in.ManageCustomersUseCase;
import io.sessionkeeper.domain.port.in.PutCustomerCommand;
import io.sessionkeeper.domain.port.out.CustomerDirectory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** The tenant's customers, created or replaced by username (their id survives a replacement). */
@Singleton
public final class CustomerAdminService implements ManageCustomersUseCase {
    static final int MAX_PAGE_SIZE = 100;

    private final CustomerDirectory directory;

    @Inject
    public CustomerAdminService(CustomerDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Customer put(PutCustomerCommand command) {
        CustomerId id = directory
                .findByUsername(command.tenant(), command.username())
                .map(Customer::id)
                .orElseGet(CustomerId::random);
        Customer customer = new Customer(
                id,
                command.tenant(),
                command.username(),
                command.name(),
                command.phone(),
                command.email(),
                command.servicePackage());
        directory.save(customer);
        return customer;
    }

    @Override
    public Customer get(TenantId tenant, String username) {
        Text.required("username", username, Customer.MAX_USERNAME);
        return directory
                .findByUsername(tenant, username)
                .orElseThrow(() -> new NotFoundException("customer", username));
    }

    @Override
    public CustomerPage list(TenantId tenant, int page, int pageSize) {
        InvalidValueException.require(page >= 1, "page", "must be 1 or more");
        InvalidValueException.require(
                pageSize >= 1 && pageSize <= MAX_PAGE_SIZE, "pageSize", "must be between 1 and " + MAX_PAGE_SIZE);
        long offset = (long) (page - 1) * pageSize;
        return new CustomerPage(directory.list(tenant, offset, pageSize), directory.count(tenant), page, pageSize);
    }

    @Override
    public void remove(TenantId tenant, String username) {
        Text.required("username", username, Customer.MAX_USERNAME);
        if (!directory.delete(tenant, username)) {
            throw new NotFoundException("customer", username);
        }
    }
}
