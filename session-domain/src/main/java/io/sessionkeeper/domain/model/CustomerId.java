package io.sessionkeeper.domain.model;

import java.util.UUID;

/** Public, random identifier of a customer. */
public record CustomerId(UUID value) {
    public CustomerId {
        InvalidValueException.require(value != null, "customerId", "must not be null");
    }

    public static CustomerId random() {
        return new CustomerId(UUID.randomUUID());
    }

    /** Parses the canonical 36-character form; anything else is an {@link InvalidValueException}. */
    public static CustomerId parse(String text) {
        return new CustomerId(Uuids.parse("customerId", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
