package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.ConnectionType;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.NasVendor;
import io.sessionkeeper.domain.model.TenantId;

/**
 * A NAS to register or update. Nullable: secret (on update: keep the current one), coaPort (3799),
 * vendor (other), connectionTypeOverride, identifier. The secret never appears in {@link #toString()}.
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
        InvalidValueException.require(ipAddress != null, "ipAddress", "is required");
    }

    @Override
    public String toString() {
        return "SaveNasCommand[tenant=" + tenant + ", name=" + name + ", ipAddress=" + ipAddress + ", secret="
                + (secret == null ? "null" : "(hidden)") + ", coaPort=" + coaPort + ", vendor=" + vendor
                + ", connectionTypeOverride=" + connectionTypeOverride + ", countersReversed=" + countersReversed
                + ", identifier=" + identifier + ", proxy=" + proxy + "]";
    }
}
