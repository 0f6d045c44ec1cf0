package io.sessionkeeper.domain.model;

import java.time.Instant;
import java.util.Map;

/**
 * What the accounting path keeps of a NAS for its health: its last accounting, its last Accounting-On and -Off,
 * and its packets per minute (minute start → packets) of the minutes asked for. Nullable: the instants.
 */
public record NasPulse(
        NasId nasId,
        Instant lastAccounting,
        Instant lastAccountingOn,
        Instant lastAccountingOff,
        Map<Instant, Long> minutes) {
    public NasPulse {
        InvalidValueException.require(nasId != null, "nasId", "must not be null");
        minutes = Map.copyOf(minutes);
    }
}
