package io.sessionkeeper.adapter.http;

import io.javalin.http.Context;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.Text;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Strict reading of query and path parameters. A failure is an {@link InvalidValueException} naming the parameter,
 * mapped centrally to a 400. An empty value ({@code ?status=}) counts as not given.
 *
 * <p>The query string is decoded here, not by Javalin, which drops a parameter whose percent-encoding is malformed
 * ({@code status=active%zz} would list every session): a {@code %} not followed by two hex digits, bytes that are not
 * UTF-8, and (like every text the API takes, see {@link Text}) a control character are each a 400 naming the
 * parameter. Path parameters are decoded by Jetty, which refuses malformed ones itself; the control characters are
 * refused here.
 */
final class Params {
    private static final String QUERY = "sessionkeeper.query";
    /** The longest IANA time-zone name is 32 characters (America/Argentina/ComodRivadavia). */
    static final int MAX_TIME_ZONE = 64;

    private Params() {}

    /**
     * Checks every parameter of the request, query and path, before any is used: decodable, and free of control
     * characters. The route's handler then reads them through the methods below.
     */
    static void check(Context ctx) {
        queryParams(ctx);
        for (Map.Entry<String, String> param : ctx.pathParamMap().entrySet()) {
            String problem = Text.problem(param.getValue());
            if (problem != null) {
                throw new InvalidValueException(param.getKey(), problem);
            }
        }
    }

    /**
     * Every {@code %} of the raw path starts a two-digit hex escape. Jetty lets the legacy {@code %uXXXX} form
     * through, and Javalin's decoder then throws while it extracts the path parameters, before any handler of ours
     * runs (found by bench/fuzz.sh): so this runs in the before-handler.
     */
    static void checkPathEncoding(String rawPath) {
        for (int i = rawPath.indexOf('%'); i >= 0; i = rawPath.indexOf('%', i + 1)) {
            if (i + 2 >= rawPath.length()
                    || Character.digit(rawPath.charAt(i + 1), 16) < 0
                    || Character.digit(rawPath.charAt(i + 2), 16) < 0) {
                throw new InvalidValueException("path", "malformed percent-encoding");
            }
        }
    }

    /** The query parameters, decoded strictly (once per request). */
    static Map<String, List<String>> queryParams(Context ctx) {
        Map<String, List<String>> parsed = ctx.attribute(QUERY);
        if (parsed == null) {
            parsed = parseQuery(ctx.queryString());
            ctx.attribute(QUERY, parsed);
        }
        return parsed;
    }

    /** {@code a=1&b=x%20y&b=z} as {a:[1], b:["x y", z]}; '+' is a space, as in HTML forms. */
    static Map<String, List<String>> parseQuery(String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            String name = decode("query", rawName);
            String value = equals < 0 ? "" : decode(name, pair.substring(equals + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** Percent-decodes {@code text} as UTF-8, refusing what is malformed and control characters. */
    private static String decode(String field, String text) {
        String name = field.isEmpty() ? "query" : clip(field);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (low < 0) {
                    throw new InvalidValueException(
                            name, "malformed percent-encoding (% must be followed by two hex digits)");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // raw non-ASCII is not valid in a URI, but if Jetty hands it over, take it as the UTF-8 it was
                int codePoint = text.codePointAt(i);
                byte[] utf8 = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidValueException(name, "is not UTF-8 once percent-decoded");
        }
        String problem = Text.problem(decoded);
        if (problem != null) {
            throw new InvalidValueException(name, problem);
        }
        return decoded;
    }

    /** Rejects query parameters the route does not know, so that a typo ({@code pagesize}) is not silently ignored. */
    static void requireKnown(Context ctx, Set<String> allowed) {
        for (String name : queryParams(ctx).keySet()) {
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
        List<String> values = queryParams(ctx).getOrDefault(name, List.of());
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidValueException(name, "given more than once");
        }
        String value = values.get(0);
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * The longest instant taken, {@code 2026-01-04T13:00:00.000000000+00:00}: nanoseconds and an offset (the
     * documented {@code maxLength} of every instant parameter).
     */
    static final int MAX_INSTANT = 35;

    /** An ISO-8601 instant with its offset ({@code 2026-01-04T10:00:00Z}, {@code …+05:30}), or null when absent. */
    static Instant instant(Context ctx, String name) {
        String text = query(ctx, name);
        return text == null ? null : instant(name, text);
    }

    /** {@code text} as an ISO-8601 instant with its offset; anything else, a longer text too, is a 400 naming it. */
    static Instant instant(String name, String text) {
        if (text.length() <= MAX_INSTANT) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                // the same answer as a text too long to be one
            }
        }
        throw new InvalidValueException(name, "must be an ISO-8601 instant with an offset, e.g. 2026-01-04T10:00:00Z");
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
        if (text.length() > MAX_TIME_ZONE) {
            throw new InvalidValueException(name, "must be at most " + MAX_TIME_ZONE + " characters");
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
