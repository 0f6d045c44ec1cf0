package io.sessionkeeper.domain.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a token may do: a list of permissions, or <em>all</em>. "All" is not today's list written out: it is every
 * permission a token of its tenant may hold, including the ones a later release adds, so that an operator's
 * all-permission token does not silently fall behind after an upgrade. Stored as a marker, never as a list.
 *
 * <p>Operator-only permissions ({@link Permission#operatorOnly()}) count only on tokens of the operator tenant: an
 * "all" token of another tenant does not hold them, and a listed grant of another tenant may not name them (see
 * {@link ApiToken}).
 */
public record Grant(boolean all, Set<Permission> listed) {
    /** The code of "all" in the API and in the audit. */
    public static final String ALL_CODE = "*";

    /** Every permission a token of its tenant may hold, now and in later releases. */
    public static final Grant ALL = new Grant(true, Set.of());

    public Grant {
        InvalidValueException.require(listed != null, "permissions", "must not be null");
        InvalidValueException.require(!all || listed.isEmpty(), "permissions", "'*' stands alone");
        listed = listed.isEmpty()
                ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(listed)); // EnumSet: declaration order
    }

    public static Grant of(Set<Permission> permissions) {
        return new Grant(false, permissions);
    }

    public static Grant of(Permission first, Permission... more) {
        return of(EnumSet.of(first, more));
    }

    /** Whether a token of {@code tenant} with this grant holds {@code permission}. */
    public boolean allows(TenantId tenant, Permission permission) {
        return (all || listed.contains(permission)) && (!permission.operatorOnly() || tenant.isOperator());
    }

    /** Every permission a token of {@code tenant} with this grant holds today, in declaration order. */
    public Set<Permission> permissionsFor(TenantId tenant) {
        Set<Permission> held = EnumSet.noneOf(Permission.class);
        for (Permission permission : Permission.values()) {
            if (allows(tenant, permission)) {
                held.add(permission);
            }
        }
        return Collections.unmodifiableSet(held);
    }

    /**
     * Whether a token with this grant holds everything {@code other} gives a token of the same tenant, today and
     * after any later release: "all" covers everything; a list never covers "all", even one naming every permission
     * of today (the "all" token would gain what a later release adds, the list would not).
     */
    public boolean covers(Grant other) {
        return all || (!other.all && listed.containsAll(other.listed));
    }
}
