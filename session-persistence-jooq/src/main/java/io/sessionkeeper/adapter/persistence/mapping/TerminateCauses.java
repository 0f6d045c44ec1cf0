package io.sessionkeeper.adapter.persistence.mapping;

import io.sessionkeeper.domain.model.TerminateCause;
import java.util.Locale;

/**
 * A terminate cause is stored as three columns: its name, its RFC 2866 code (0 for causes the service sets) and
 * who ended the session ({@code 'nas'} or {@code 'service'}).
 */
public final class TerminateCauses {
    public static final String BY_NAS = "nas";
    public static final String BY_SERVICE = "service";

    private TerminateCauses() {}

    public static String origin(TerminateCause cause) {
        if (cause == null) {
            return null;
        }
        return cause.origin() == TerminateCause.Origin.NAS ? BY_NAS : BY_SERVICE;
    }

    public static Integer code(TerminateCause cause) {
        return cause == null ? null : cause.code();
    }

    public static String name(TerminateCause cause) {
        return cause == null ? null : cause.name();
    }

    /** The cause of a stored row, or null when the row has none. */
    public static TerminateCause from(String name, Integer code, String origin) {
        if (name == null) {
            return null;
        }
        TerminateCause.Origin by =
                origin != null && origin.toLowerCase(Locale.ROOT).equals(BY_NAS)
                        ? TerminateCause.Origin.NAS
                        : TerminateCause.Origin.SERVICE;
        return new TerminateCause(name, code == null ? 0 : code, by);
    }
}
