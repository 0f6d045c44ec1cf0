package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.ConnectionType;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasVendor;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.Text;

/**
 * A NAS to register or update. Nullable: secret (on update: keep the current one), coaPort (3799),
 * vendor (other), connectionTypeOverride, identifier. The secret never appears in {@link #toString()}.
 *
 * <p>Texts follow {@link Text} (name and secret at most 128 characters, identifier at most 253: a NAS-Identifier is
 * a RADIUS attribute); the address must be one host's ({@link IpAddress#isUnicastHost()}): RADIUS packets never
 * come from 0.0.0.0, a broadcast or a multicast address, so such a NAS could only be a mistake.
 */
public record SaveNasCommand(
        TenantId tenant,
        String name,
        IpAddress ipAddress,
        String secret,
        Integer coaPort,
        NasVendor vendor,
        ConnectionType connectionTypeOverride,
        boolean countersReversed,
        String identifier,
        boolean proxy) {
    public SaveNasCommand {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        Text.required("name", name, Nas.MAX_NAME);
        InvalidValueException.require(ipAddress != null, "ipAddress", "is required");
        InvalidValueException.require(
                ipAddress.isUnicastHost(),
                "ipAddress",
                "must be the address of one host (not 0.0.0.0, ::, 255.255.255.255 or multicast)");
        Text.optional("secret", secret, Nas.MAX_SECRET);
        Text.optional("identifier", identifier, Nas.MAX_IDENTIFIER);
    }

    @Override
    public String toString() {
        return "SaveNasCommand[tenant=" + tenant + ", name=" + name + ", ipAddress=" + ipAddress + ", secret="
                + (secret == null ? "null" : "(hidden)") + ", coaPort=" + coaPort + ", vendor=" + vendor
                + ", connectionTypeOverride=" + connectionTypeOverride + ", countersReversed=" + countersReversed
                + ", identifier=" + identifier + ", proxy=" + proxy + "]";
    }
}
