package io.sessionkeeper.domain.model;

/**
 * A subscriber of the tenant, known to RADIUS by {@code username}. Nullable: phone, email, servicePackage.
 */
public record Customer(
        CustomerId id,
        TenantId tenant,
        String username,
        String name,
        String phone,
        String email,
        ServicePackage servicePackage) {
    public Customer {
        InvalidValueException.require(id != null, "id", "must not be null");
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(
                username != null && !username.isBlank() && username.length() <= 253,
                "username",
                "must be 1-253 characters");
        InvalidValueException.require(name != null && !name.isBlank(), "name", "must not be blank");
    }
}
