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
    /** The longest RADIUS User-Name (the longest attribute value, RFC 2865 §5). */
    public static final int MAX_USERNAME = 253;

    public static final int MAX_NAME = 200;
    public static final int MAX_PHONE = 32;
    public static final int MAX_EMAIL = 254;

    public Customer {
        InvalidValueException.require(id != null, "id", "must not be null");
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(
                username != null && !username.isBlank() && username.length() <= MAX_USERNAME,
                "username",
                "must be 1-253 characters");
        InvalidValueException.require(
                name != null && !name.isBlank() && name.length() <= MAX_NAME, "name", "must be 1-200 characters");
        InvalidValueException.require(
                phone == null || PHONE.matcher(phone).matches(),
                "phone",
                "must be up to 32 digits, spaces and + ( ) - .");
        InvalidValueException.require(
                email == null
                        || (email.length() <= MAX_EMAIL && EMAIL.matcher(email).matches()),
                "email",
                "must be an e-mail address");
    }

    private static final java.util.regex.Pattern PHONE =
            java.util.regex.Pattern.compile("(?=.*[0-9])[0-9+()\\-. ]{1,32}");
    private static final java.util.regex.Pattern EMAIL =
            java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
}
