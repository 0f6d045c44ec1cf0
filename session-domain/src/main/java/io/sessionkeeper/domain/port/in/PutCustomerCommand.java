package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.ServicePackage;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.Text;

/**
 * Creates or replaces the customer known to RADIUS as {@code username}. Nullable: phone, email, servicePackage.
 * Texts follow {@link Text}: username at most 253 characters, name 200, phone 32, email 254, package name 128.
 */
public record PutCustomerCommand(
        TenantId tenant, String username, String name, String phone, String email, ServicePackage servicePackage) {
    public PutCustomerCommand {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        Text.required("username", username, Customer.MAX_USERNAME);
        Text.required("name", name, Customer.MAX_NAME);
        Text.optional("phone", phone, Customer.MAX_PHONE);
        Text.optional("email", email, Customer.MAX_EMAIL);
        if (servicePackage != null) {
            Text.required("package.name", servicePackage.name(), ServicePackage.MAX_NAME);
        }
    }
}
