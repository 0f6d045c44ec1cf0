package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.ServicePackage;
import io.sessionkeeper.domain.model.TenantId;

/** Creates or replaces the customer known to RADIUS as {@code username}. Nullable: phone, email, servicePackage. */
public record PutCustomerCommand(
        TenantId tenant, String username, String name, String phone, String email, ServicePackage servicePackage) {
    public PutCustomerCommand {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
    }
}
