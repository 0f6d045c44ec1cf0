package io.sessionkeeper.domain.model;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/** What an API token allows. Codes are the API's names. */
public enum Permission {
    /** Read sessions and statistics. */
    DASHBOARD_ACTIVE_SESSIONS("dashboard:active_sessions"),
    /** Force-disconnect sessions (Disconnect/CoA). */
    ROUTERS_DISCONNECT("routers:disconnect"),
    /** Run stale-session cleanup. */
    SESSIONS_MANAGE("sessions:manage"),
    NAS_MANAGE("nas:manage"),
    CUSTOMERS_MANAGE("customers:manage"),
    TOKENS_MANAGE("tokens:manage"),
    /** Issue tokens for other tenants (and so create tenants). */
    TENANTS_MANAGE("tenants:manage");

    private final String code;

    Permission(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Permission parse(String code) {
        return Arrays.stream(values())
                .filter(p -> p.code.equals(code))
                .findFirst()
                .orElseThrow(() -> new InvalidValueException("permissions", "unknown permission '" + code + "'"));
    }

    public static Set<Permission> all() {
        return EnumSet.allOf(Permission.class);
    }
}
