package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.Customer;
import java.util.List;

public record CustomerPage(List<Customer> customers, long total, int page, int pageSize) {
    public CustomerPage {
        customers = List.copyOf(customers);
    }
}
