package io.sessionkeeper.domain.model;

import java.util.regex.Pattern;

/** A tenant (one ISP) of the service: lower-case letters, digits, '-' and '_', 1 to 63 characters. */
public record TenantId(String value) {
    private static final Pattern FORM = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    public static final TenantId DEFAULT = new TenantId("default");
    /**
     * The operator's tenant: the one of the bootstrap token, and the only one whose tokens may hold operator-only
     * permissions ({@link Permission#operatorOnly()}).
     */
    public static final TenantId OPERATOR = DEFAULT;

    public TenantId {
        InvalidValueException.require(
                value != null && FORM.matcher(value).matches(),
                "tenant",
                "must be 1-63 characters of a-z, 0-9, '-' or '_', starting with a letter or digit");
    }

    public static TenantId of(String value) {
        return new TenantId(value);
    }

    public boolean isOperator() {
        return equals(OPERATOR);
    }

    @Override
    public String toString() {
        return value;
    }
}
