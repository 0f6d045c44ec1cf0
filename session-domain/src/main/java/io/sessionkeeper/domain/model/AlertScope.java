package io.sessionkeeper.domain.model;

import java.util.Locale;
import java.util.Set;

/**
 * Which subjects a rule watches: all of the tenant's, those of one NAS, of one customer (by User-Name), or of the
 * customers of one package (by package name). {@code value} is null for {@link Kind#ALL}.
 */
public record AlertScope(Kind kind, String value) {
    public static final AlertScope ALL = new AlertScope(Kind.ALL, null);
    public static final int MAX_VALUE = 253;

    public enum Kind {
        ALL,
        NAS,
        CUSTOMER,
        PACKAGE
    }

    public AlertScope {
        InvalidValueException.require(kind != null, "scope", "must not be null");
        if (kind == Kind.ALL) {
            InvalidValueException.require(value == null, "scope.value", "must be absent for scope ALL");
        } else {
            Text.required("scope.value", value, MAX_VALUE);
            if (kind == Kind.NAS) {
                NasId.parse(value);
            }
        }
    }

    public static AlertScope parse(String kind, String value) {
        if (kind == null) {
            return value == null ? ALL : new AlertScope(null, value);
        }
        String name = kind.trim().toUpperCase(Locale.ROOT);
        for (Kind k : Kind.values()) {
            if (k.name().equals(name)) {
                return new AlertScope(k, value);
            }
        }
        throw new InvalidValueException("scope.kind", "must be ALL, NAS, CUSTOMER or PACKAGE");
    }

    /**
     * Whether a subject of this user on this NAS is in scope; {@code packageUsers} are the usernames of the
     * package's customers (read only for {@link Kind#PACKAGE}). A null username or NAS is never in a narrower scope.
     */
    public boolean covers(String username, NasId nasId, Set<String> packageUsers) {
        return switch (kind) {
            case ALL -> true;
            case NAS -> nasId != null && nasId.toString().equals(value);
            case CUSTOMER -> value.equals(username);
            case PACKAGE -> username != null && packageUsers.contains(username);
        };
    }
}
