package io.sessionkeeper.domain.model;

import java.util.UUID;

/** Public, random identifier of an alert. */
public record AlertId(UUID value) {
    public AlertId {
        InvalidValueException.require(value != null, "alertId", "must not be null");
    }

    public static AlertId random() {
        return new AlertId(UUID.randomUUID());
    }

    /** Parses the canonical 36-character form; anything else is an {@link InvalidValueException}. */
    public static AlertId parse(String text) {
        return new AlertId(Uuids.parse("alertId", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
