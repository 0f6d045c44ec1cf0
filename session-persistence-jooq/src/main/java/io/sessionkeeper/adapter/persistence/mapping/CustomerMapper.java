package io.sessionkeeper.adapter.persistence.mapping;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.CUSTOMERS;

import io.sessionkeeper.adapter.persistence.jooq.tables.records.CustomersRecord;
import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.CustomerId;
import io.sessionkeeper.domain.model.ServicePackage;
import io.sessionkeeper.domain.model.TenantId;
import org.jooq.Record;

/** Rows of {@code customers} to and from domain customers; the package is three nullable columns. */
public final class CustomerMapper {
    private CustomerMapper() {}

    public static Customer toCustomer(Record row) {
        String packageName = row.get(CUSTOMERS.PACKAGE_NAME);
        ServicePackage servicePackage = packageName == null
                ? null
                : new ServicePackage(packageName, row.get(CUSTOMERS.DOWNLOAD_SPEED), row.get(CUSTOMERS.UPLOAD_SPEED));
        return new Customer(
                new CustomerId(row.get(CUSTOMERS.ID)),
                TenantId.of(row.get(CUSTOMERS.TENANT_ID)),
                row.get(CUSTOMERS.USERNAME),
                row.get(CUSTOMERS.NAME),
                row.get(CUSTOMERS.PHONE),
                row.get(CUSTOMERS.EMAIL),
                servicePackage);
    }

    public static CustomersRecord toRecord(Customer customer) {
        ServicePackage plan = customer.servicePackage();
        return new CustomersRecord()
                .setTenantId(customer.tenant().value())
                .setId(customer.id().value())
                .setUsername(customer.username())
                .setName(customer.name())
                .setPhone(customer.phone())
                .setEmail(customer.email())
                .setPackageName(plan == null ? null : plan.name())
                .setDownloadSpeed(plan == null ? null : plan.downloadSpeed())
                .setUploadSpeed(plan == null ? null : plan.uploadSpeed());
    }
}
