package io.sessionkeeper.domain.model;

import java.util.Locale;

/** Over what a {@link AlertRuleType#HIGH_USAGE} rule counts bytes: one session, or one customer's calendar day. */
public enum UsagePeriod {
    SESSION,
    /** The tenant's calendar day (its time zone), all sessions of the user that overlap it. */
    DAY;

    public static UsagePeriod parse(String text) {
        if (text == null) {
            return SESSION;
        }
        return switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "SESSION" -> SESSION;
            case "DAY" -> DAY;
            default -> throw new InvalidValueException("period", "must be SESSION or DAY");
        };
    }
}
