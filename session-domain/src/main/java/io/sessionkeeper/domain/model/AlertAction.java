package io.sessionkeeper.domain.model;

import java.util.Locale;

/**
 * What happens when a rule fires. Every alert is recorded and sent to the tenant's webhooks; {@link #AUTO_DISCONNECT}
 * also asks the NAS to end the session (RFC 5176), under the guards of {@code AlertPolicy}. It is no quota
 * enforcement: a subscriber simply dials again.
 */
public enum AlertAction {
    NOTIFY,
    AUTO_DISCONNECT;

    /** Case-insensitive; the specification's {@code NOTIFY_ADMIN} is an alias of {@link #NOTIFY}. */
    public static AlertAction parse(String text) {
        if (text == null) {
            return NOTIFY;
        }
        return switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "NOTIFY", "NOTIFY_ADMIN" -> NOTIFY;
            case "AUTO_DISCONNECT" -> AUTO_DISCONNECT;
            default ->
                throw new InvalidValueException("action", "must be NOTIFY (alias NOTIFY_ADMIN) or AUTO_DISCONNECT");
        };
    }
}
