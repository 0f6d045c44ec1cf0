package io.sessionkeeper.domain.model;

import java.util.Locale;
import java.util.Optional;

/**
 * An EUI-48 address, normalised to upper-case hex pairs separated by colons ({@code AA:BB:CC:DD:EE:FF}), the form
 * MikroTik sends. Accepts colons, dashes, dots (Cisco {@code aabb.ccdd.eeff}), Huawei {@code aabb-ccdd-eeff} and
 * bare hex.
 */
public record MacAddress(String value) {
    public MacAddress {
        InvalidValueException.require(isNormalised(value), "macAddress", "must be normalised as AA:BB:CC:DD:EE:FF");
    }

    public static MacAddress parse(String text) {
        if (isNormalised(text)) {
            // the form MikroTik sends: no copy (every accounted MAC)
            return new MacAddress(text);
        }
        String normalised = colonHexUpperCased(text);
        if (normalised != null) {
            // PostgreSQL's macaddr text, lower case (every MAC read back)
            return new MacAddress(normalised);
        }
        normalised = normalise(text);
        if (normalised == null) {
            throw new InvalidValueException("macAddress", "not a MAC address: " + text);
        }
        return new MacAddress(normalised);
    }

    /** For attributes such as Calling-Station-Id that carry a MAC on most NAS but something else on some. */
    public static Optional<MacAddress> tryParse(String text) {
        String normalised = normalise(text);
        return normalised == null ? Optional.empty() : Optional.of(new MacAddress(normalised));
    }

    private static String normalise(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        if (trimmed.length() > 17) {
            return null;
        }
        StringBuilder hex = new StringBuilder(12);
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (Character.digit(c, 16) >= 0) {
                hex.append(c);
            } else if (c != ':' && c != '-' && c != '.') {
                return null;
            }
        }
        if (hex.length() != 12 || !separatorsConsistent(trimmed)) {
            return null;
        }
        String upper = hex.toString().toUpperCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                out.append(':');
            }
            out.append(upper, i, i + 2);
        }
        return out.toString();
    }

    /** {@code AA:BB:CC:DD:EE:FF}: upper-case hex pairs and colons, checked without building a string. */
    private static boolean isNormalised(String text) {
        if (text == null || text.length() != 17) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            char c = text.charAt(i);
            boolean ok = i % 3 == 2 ? c == ':' : (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@code aa:bb:cc:dd:ee:ff} in any case, upper-cased; null for any other form. */
    private static String colonHexUpperCased(String text) {
        if (text == null || text.length() != 17) {
            return null;
        }
        char[] out = new char[17];
        for (int i = 0; i < 17; i++) {
            char c = text.charAt(i);
            if (i % 3 == 2) {
                if (c != ':') {
                    return null;
                }
            } else if (c >= 'a' && c <= 'f') {
                c = (char) (c - 'a' + 'A');
            } else if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) {
                return null;
            }
            out[i] = c;
        }
        return new String(out);
    }

    private static boolean separatorsConsistent(String text) {
        int separators = text.length() - 12;
        return separators == 0 || separators == 5 || separators == 2;
    }

    @Override
    public String toString() {
        return value;
    }
}
