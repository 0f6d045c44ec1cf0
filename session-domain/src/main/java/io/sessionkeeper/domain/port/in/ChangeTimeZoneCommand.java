package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.TenantId;
import java.time.DateTimeException;
import java.time.ZoneId;

/** A tenant's new time zone: an IANA region ({@code Africa/Nairobi}) or a fixed offset ({@code +03:00}, {@code UTC}). */
public record ChangeTimeZoneCommand(TenantId tenant, ZoneId timeZone) {
    /** The longest IANA zone name is 32 characters (America/Argentina/ComodRivadavia); 64 leaves room. */
    public static final int MAX_TIME_ZONE_LENGTH = 64;

    public ChangeTimeZoneCommand {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(timeZone != null, "timeZone", "is required");
    }

    /** From the text a client sent: refused naming {@code timeZone} unless it is a zone Java knows. */
    public static ChangeTimeZoneCommand of(TenantId tenant, String timeZone) {
        InvalidValueException.require(timeZone != null && !timeZone.isBlank(), "timeZone", "is required");
        InvalidValueException.require(
                timeZone.length() <= MAX_TIME_ZONE_LENGTH,
                "timeZone",
                "must be at most " + MAX_TIME_ZONE_LENGTH + " characters");
        try {
            return new ChangeTimeZoneCommand(tenant, ZoneId.of(timeZone));
        } catch (DateTimeException e) {
            throw new InvalidValueException("timeZone", "must be a time zone such as UTC, +03:00 or Africa/Nairobi");
        }
    }
}
