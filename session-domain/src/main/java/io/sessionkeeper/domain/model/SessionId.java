package io.sessionkeeper.domain.model;

import java.util.UUID;

/** Public, random identifier of a session. */
public record SessionId(UUID value) {
    public SessionId {
        InvalidValueException.require(value != null, "id", "must not be null");
    }

    public static SessionId random() {
        return new SessionId(UUID.randomUUID());
    }

    /** Parses the canonical 36-character form; anything else is an {@link InvalidValueException}. */
    public static SessionId parse(String text) {
        return new SessionId(Uuids.parse("id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
