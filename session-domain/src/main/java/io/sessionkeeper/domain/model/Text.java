package io.sessionkeeper.domain.model;

/**
 * The rule for text that operators and programs give the service (names, secrets, identifiers, search terms): at
 * most a maximum length, counted in UTF-16 code units as {@link String#length()} counts them (a character outside
 * the Basic Multilingual Plane, such as an emoji, counts two), no control character (U+0000-U+001F, U+007F-U+009F)
 * and no unpaired surrogate (text that is not valid Unicode).
 *
 * <p>Why: PostgreSQL cannot store a NUL at all (the statement fails), and the other control characters only arrive
 * by mistake or to inject lines into logs and terminals; an unpaired surrogate cannot be written as UTF-8. A length
 * counted in code units is never more than the characters PostgreSQL counts, so an accepted value always fits.
 *
 * <p>The driving ports' commands apply it, not the model records: a record read back from storage must load even
 * when it was stored before a rule was tightened.
 */
public final class Text {
    private Text() {}

    /** {@code value} must be given, not blank, at most {@code maxLength} code units and clean; returns it. */
    public static String required(String field, String value, int maxLength) {
        InvalidValueException.require(value != null, field, "is required");
        check(field, value, maxLength);
        InvalidValueException.require(!value.isBlank(), field, "must not be blank");
        return value;
    }

    /** Like {@link #required} when {@code value} is not null; null passes. */
    public static String optional(String field, String value, int maxLength) {
        return value == null ? null : check(field, value, maxLength);
    }

    /** Whether {@code value} holds no control character and no unpaired surrogate. */
    public static boolean isClean(String value) {
        return problem(value) == null;
    }

    /** Why {@code value} is not clean ("must not contain control characters", …), or null when it is. */
    public static String problem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return "must not contain control characters";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "is not valid Unicode (an unpaired surrogate)";
            }
            if (Character.isLowSurrogate(c)) {
                return "is not valid Unicode (an unpaired surrogate)";
            }
        }
        return null;
    }

    private static String check(String field, String value, int maxLength) {
        InvalidValueException.require(
                value.length() <= maxLength, field, "must be at most " + maxLength + " characters");
        String problem = problem(value);
        InvalidValueException.require(problem == null, field, problem);
        return value;
    }
}
