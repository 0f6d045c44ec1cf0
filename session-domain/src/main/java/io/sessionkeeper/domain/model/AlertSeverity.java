package io.sessionkeeper.domain.model;

import java.util.Locale;

/** How urgent an alert is; the receiver decides what each means to it. */
public enum AlertSeverity {
    INFO,
    WARNING,
    CRITICAL;

    public static AlertSeverity parse(String text) {
        if (text == null) {
            return WARNING;
        }
        return switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "INFO" -> INFO;
            case "WARNING" -> WARNING;
            case "CRITICAL" -> CRITICAL;
            default -> throw new InvalidValueException("severity", "must be INFO, WARNING or CRITICAL");
        };
    }
}
