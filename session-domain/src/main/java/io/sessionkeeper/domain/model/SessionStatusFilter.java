package io.sessionkeeper.domain.model;

import java.util.Locale;

/** Which sessions a listing shows: active (no stop yet), completed, or all. */
public enum SessionStatusFilter {
    ACTIVE,
    COMPLETED,
    ALL;

    public static SessionStatusFilter parse(String text) {
        if (text == null || text.isBlank()) {
            return ALL;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("status", "must be one of active, completed, all");
        }
    }
}
