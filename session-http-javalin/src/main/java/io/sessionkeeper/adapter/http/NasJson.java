package io.sessionkeeper.adapter.http;

import io.sessionkeeper.domain.model.ConnectionType;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasVendor;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.in.SaveNasCommand;
import java.util.List;
import java.util.Locale;

/** NAS administration. The RADIUS secret is write-only: it is accepted, never returned. */
final class NasJson {
    private NasJson() {}

    record View(
            String id,
            String name,
            String ipAddress,
            int coaPort,
            String vendor,
            String connectionType,
            boolean countersReversed,
            String identifier,
            boolean proxy) {
        static View from(Nas nas) {
            return new View(
                    nas.id().toString(),
                    nas.name(),
                    nas.ipAddress().toString(),
                    nas.coaPort(),
                    nas.vendor().name().toLowerCase(Locale.ROOT),
                    SessionJson.type(nas.connectionTypeOverride()),
                    nas.countersReversed(),
                    nas.identifier(),
                    nas.proxy());
        }
    }

    record ListResponse(List<View> nas) {}

    /**
     * POST and PUT body. Required: name, ipAddress, and secret on POST (on PUT an absent secret keeps the current
     * one). Defaults: coaPort 3799, vendor other, connectionType null (classify from attributes), flags false.
     * {@code toString} hides the secret.
     */
    record SaveRequest(
            String name,
            String ipAddress,
            String secret,
            Integer coaPort,
            String vendor,
            String connectionType,
            Boolean countersReversed,
            String identifier,
            Boolean proxy) {
        SaveNasCommand toCommand(TenantId tenant) {
            InvalidValueException.require(ipAddress != null, "ipAddress", "is required");
            return new SaveNasCommand(
                    tenant,
                    name,
                    IpAddress.parse("ipAddress", ipAddress),
                    secret,
                    coaPort,
                    vendor == null ? null : NasVendor.parse(vendor),
                    connectionType(connectionType),
                    Boolean.TRUE.equals(countersReversed),
                    identifier,
                    Boolean.TRUE.equals(proxy));
        }

        private static ConnectionType connectionType(String text) {
            if (text == null) {
                return null;
            }
            for (ConnectionType type : ConnectionType.values()) {
                if (type.name().equalsIgnoreCase(text)) {
                    return type;
                }
            }
            throw new InvalidValueException("connectionType", "must be pppoe, hotspot, other or null");
        }

        @Override
        public String toString() {
            return "SaveRequest[name=" + name + ", ipAddress=" + ipAddress + ", secret="
                    + (secret == null ? "null" : "(hidden)") + ", coaPort=" + coaPort + ", vendor=" + vendor
                    + ", connectionType=" + connectionType + ", countersReversed=" + countersReversed
                    + ", identifier=" + identifier + ", proxy=" + proxy + "]";
        }
    }
}
