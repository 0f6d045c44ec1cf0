package io.sessionkeeper.adapter.http;

import io.javalin.http.Context;
import io.sessionkeeper.domain.model.InvalidValueException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Strict reading of query and path parameters. A failure is an {@link InvalidValueException} naming the parameter,
 * mapped centrally to a 400. An empty value ({@code ?status=}) counts as not given.
 */
final class Params {
    private Params() {}

    /** Rejects query parameters the route does not know, so that a typo ({@code pagesize}) is not silently ignored. */
    static void requireKnown(Context ctx, Set<String> allowed) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!allowed.contains(name)) {
                throw new InvalidValueException(
                        clip(name),
                        allowed.isEmpty()
                                ? "unknown parameter"
                                : "unknown parameter (known: "
                                        + String.join(
                                                ", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /** The single value of a query parameter, or null when absent or empty. */
    static String query(Context ctx, String name) {
        List<String> values = ctx.queryParams(name);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidValueException(name, "given more than once");
        }
        String value = values.get(0);
        return value == null || value.isEmpty() ? null : value;
    }

    static int integer(Context ctx, String name, int defaultValue) {
        String text = query(ctx, name);
        if (text == null) {
            return defaultValue;
        }
        if (text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException(name, "must be a whole number");
        }
        long value = Long.parseLong(text);
        if (value > Integer.MAX_VALUE) {
            throw new InvalidValueException(name, "is too large");
        }
        return (int) value;
    }

    static boolean bool(Context ctx, String name, boolean defaultValue) {
        String text = query(ctx, name);
        if (text == null) {
            return defaultValue;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidValueException(name, "must be true or false");
        };
    }

    static ZoneId zone(Context ctx, String name) {
        String text = query(ctx, name);
        if (text == null) {
            return null;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new InvalidValueException(name, "must be a time zone such as UTC or Africa/Nairobi");
        }
    }

    /** A path parameter that must be a UUID in its canonical 36-character form. */
    static UUID uuid(Context ctx, String name) {
        return uuid(name, ctx.pathParam(name));
    }

    static UUID uuid(String name, String text) {
        if (text == null || text.length() != 36) {
            throw new InvalidValueException(name, "must be a UUID");
        }
        try {
            UUID uuid = UUID.fromString(text);
            if (!uuid.toString().equalsIgnoreCase(text)) {
                throw new InvalidValueException(name, "must be a UUID");
            }
            return uuid;
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(name, "must be a UUID");
        }
    }

    /** Client text in messages and field names is cut short: an error must not echo a megabyte back. */
    static String clip(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
