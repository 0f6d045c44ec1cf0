package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.QualityMeasurement;
import io.sessionkeeper.domain.model.TenantId;
import java.time.Instant;
import java.util.List;

/**
 * Measurements a measuring box pushed, each naming the open session it measured by its framed address or by its
 * User-Name (exactly one of them).
 */
public record RecordQualityCommand(TenantId tenant, List<Reading> readings) {
    /** The most readings one command carries. */
    public static final int MAX_READINGS = 1_000;

    /** Nullable: ip or username (one of them), echoes (loss unknown). */
    public record Reading(
            IpAddress ip, String username, Instant at, List<Double> rttMillis, QualityMeasurement.Echoes echoes) {
        public Reading {
            InvalidValueException.require((ip == null) != (username == null), "ip", "give ip or username, one of them");
            InvalidValueException.require(
                    username == null || (!username.isEmpty() && username.length() <= 253),
                    "username",
                    "must be 1-253 characters");
            InvalidValueException.require(at != null, "at", "is required");
            rttMillis = rttMillis == null ? List.of() : List.copyOf(rttMillis);
        }
    }

    public RecordQualityCommand {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(
                readings != null && !readings.isEmpty() && readings.size() <= MAX_READINGS,
                "measurements",
                "must hold 1 to " + MAX_READINGS);
        readings = List.copyOf(readings);
    }
}
