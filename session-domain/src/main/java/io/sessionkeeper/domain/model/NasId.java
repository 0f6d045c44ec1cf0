package io.sessionkeeper.domain.model;

import java.util.UUID;

/** Public, random identifier of a nas. */
public record NasId(UUID value) {
    public NasId {
        InvalidValueException.require(value != null, "nasId", "must not be null");
    }

    public static NasId random() {
        return new NasId(UUID.randomUUID());
    }

    /** Parses the canonical 36-character form; anything else is an {@link InvalidValueException}. */
    public static NasId parse(String text) {
        return new NasId(Uuids.parse("nasId", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
