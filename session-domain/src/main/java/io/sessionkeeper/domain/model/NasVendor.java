package io.sessionkeeper.domain.model;

import java.util.Locale;

/** The make of a NAS: decides vendor attributes in Disconnect/CoA requests and the CoA port's usual default. */
public enum NasVendor {
    MIKROTIK,
    CISCO,
    JUNIPER,
    OTHER;

    public static NasVendor parse(String text) {
        if (text == null) {
            return OTHER;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(
                    "vendor", "unknown vendor '" + text + "' (mikrotik, cisco, juniper, other)");
        }
    }
}
