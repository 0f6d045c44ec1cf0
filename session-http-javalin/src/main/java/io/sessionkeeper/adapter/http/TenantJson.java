package io.sessionkeeper.adapter.http;

import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.in.ChangeTimeZoneCommand;
import java.time.ZoneOffset;

/** The caller's tenant and its settings. */
final class TenantJson {
    private TenantJson() {}

    record View(String id, String name, String timeZone) {
        static View from(Tenant tenant) {
            // the offset zero reads "Z" in Java; people and the database's default say UTC
            String zone = tenant.timeZone().equals(ZoneOffset.UTC)
                    ? "UTC"
                    : tenant.timeZone().getId();
            return new View(tenant.id().value(), tenant.name(), zone);
        }
    }

    /** PUT body: the time zone, an IANA zone or an offset. */
    record SettingsRequest(String timeZone) {
        ChangeTimeZoneCommand toCommand(TenantId tenant) {
            return ChangeTimeZoneCommand.of(tenant, timeZone);
        }
    }
}
