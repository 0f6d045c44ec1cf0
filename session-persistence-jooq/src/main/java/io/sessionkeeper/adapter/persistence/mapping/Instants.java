package io.sessionkeeper.adapter.persistence.mapping;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** PostgreSQL keeps microseconds: instants are cut to them before they are written, so reads return what was written. */
public final class Instants {
    private Instants() {}

    public static Instant toDb(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
