package io.sessionkeeper.domain.model;

import java.time.Instant;

/** A registered NAS and when its accounting was last committed ({@code lastAccounting} null: never). */
public record NasActivity(NasId nasId, String name, Instant lastAccounting) {
    public NasActivity {
        InvalidValueException.require(nasId != null, "nasId", "must not be null");
    }
}
