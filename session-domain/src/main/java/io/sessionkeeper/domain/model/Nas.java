package io.sessionkeeper.domain.model;

import java.util.Optional;

/**
 * A router that sends accounting (or a RADIUS proxy that forwards it). The RADIUS client is found by its source
 * {@code ipAddress} and verified with {@code secret}. A {@code proxy} forwards for NAS registered on their own,
 * found by NAS-IP-Address or NAS-Identifier ({@code identifier}) within the proxy's tenant.
 *
 * <p>Nullable: connectionTypeOverride (classify from attributes), identifier.
 *
 * <p>The secret never appears in {@link #toString()}, so a NAS in a log line or an exception message does not
 * carry it.
 */
public record Nas(
        NasId id,
        TenantId tenant,
        String name,
        IpAddress ipAddress,
        String secret,
        int coaPort,
        NasVendor vendor,
        ConnectionType connectionTypeOverride,
        boolean countersReversed,
        String identifier,
        boolean proxy) {
    public static final int DEFAULT_COA_PORT = 3799;
    public static final int MAX_NAME = 128;
    public static final int MAX_SECRET = 128;
    /** The longest value of a RADIUS attribute (RFC 2865 §5), so of a NAS-Identifier. */
    public static final int MAX_IDENTIFIER = 253;

    public Nas {
        InvalidValueException.require(id != null, "id", "must not be null");
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(
                name != null && !name.isBlank() && name.length() <= MAX_NAME, "name", "must be 1-128 characters");
        InvalidValueException.require(ipAddress != null, "ipAddress", "must not be null");
        InvalidValueException.require(
                secret != null && !secret.isEmpty() && secret.length() <= MAX_SECRET,
                "secret",
                "must be 1-128 characters");
        InvalidValueException.require(coaPort >= 1 && coaPort <= 65535, "coaPort", "must be 1-65535");
        InvalidValueException.require(vendor != null, "vendor", "must not be null");
    }

    public Optional<ConnectionType> connectionTypeOverrideValue() {
        return Optional.ofNullable(connectionTypeOverride);
    }

    @Override
    public String toString() {
        return "Nas[id=" + id + ", tenant=" + tenant + ", name=" + name + ", ipAddress=" + ipAddress
                + ", secret=(hidden), coaPort=" + coaPort + ", vendor=" + vendor + ", connectionTypeOverride="
                + connectionTypeOverride + ", countersReversed=" + countersReversed + ", identifier=" + identifier
                + ", proxy=" + proxy + "]";
    }
}
