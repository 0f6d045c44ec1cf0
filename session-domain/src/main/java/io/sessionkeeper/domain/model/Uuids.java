package io.sessionkeeper.domain.model;

import java.util.UUID;

final class Uuids {
    private Uuids() {}

    static UUID parse(String field, String text) {
        if (text == null || text.length() != 36) {
            throw new InvalidValueException(field, "must be a UUID");
        }
        try {
            UUID uuid = UUID.fromString(text);
            if (!uuid.toString().equalsIgnoreCase(text)) {
                throw new InvalidValueException(field, "must be a UUID");
            }
            return uuid;
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(field, "must be a UUID");
        }
    }
}
