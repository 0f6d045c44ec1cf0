package io.sessionkeeper.adapter.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sessionkeeper.adapter.http.SessionJson.PackageJson;
import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.in.CustomerPage;
import io.sessionkeeper.domain.port.in.PutCustomerCommand;
import java.util.List;

/** Customer administration, keyed by RADIUS username (sessions link to customers by it). */
final class CustomerJson {
    private CustomerJson() {}

    record View(
            String id,
            String username,
            String name,
            String phone,
            String email,
            @JsonProperty("package") PackageJson servicePackage) {
        static View from(Customer c) {
            return new View(
                    c.id().toString(),
                    c.username(),
                    c.name(),
                    c.phone(),
                    c.email(),
                    PackageJson.from(c.servicePackage()));
        }
    }

    record Page(List<View> customers, long total, int page, int pageSize) {
        static Page from(CustomerPage page) {
            return new Page(
                    page.customers().stream().map(View::from).toList(), page.total(), page.page(), page.pageSize());
        }
    }

    /** PUT body: name required; phone, email and package optional (package needs all three of its fields). */
    record PutRequest(
            String name,
            String phone,
            String email,
            @JsonProperty("package") PackageJson servicePackage) {
        PutCustomerCommand toCommand(TenantId tenant, String username) {
            return new PutCustomerCommand(
                    tenant, username, name, phone, email, servicePackage == null ? null : servicePackage.toDomain());
        }
    }
}
