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
    /**
     * Export the tenant's session history (CSV, PDF): every matching row at once, where reading pages a hundred at a
     * time. Apart from reading, because an export is what leaves the building (billing, customers, authorities).
     */
    SESSIONS_EXPORT("sessions:export"),
    /**
     * Ask which session held an IP address at an instant ({@code GET /api/sessions/by-ip}): the question an abuse
     * desk or an authority puts, which names a subscriber to them. Apart from reading, and every use is audited.
     */
    SESSIONS_LOOKUP("sessions:lookup"),
    /** Register, change and remove the tenant's NAS. */
    NAS_MANAGE("nas:manage"),
    /** Create, change and remove the tenant's customers. */
    CUSTOMERS_MANAGE("customers:manage"),
    /** Issue, list and revoke the tenant's tokens (never beyond the caller's own grant) and read their audit. */
    TOKENS_MANAGE("tokens:manage"),
    /** Read and change the tenant's own settings (its time zone). */
    SETTINGS_MANAGE("settings:manage"),
    /**
     * Alert rules (including AUTO_DISCONNECT, which ends sessions through their NAS), the tenant's alerts and their
     * acknowledgement, and webhooks (which send alert data to a URL of the caller's choosing).
     */
    ALERTS_MANAGE("alerts:manage"),
    /**
     * Push quality measurements of the tenant's sessions (a measuring box: an inline shaper or QoE box), and nothing
     * else: a token a box holds reads nothing back. Reading quality needs {@link #DASHBOARD_ACTIVE_SESSIONS}.
     */
    QUALITY_WRITE("quality:write"),
    /**
     * Issue tokens for other tenants (and so create tenants), and read every tenant's token audit. Operator-only:
     * held only by tokens of the operator tenant, since it reaches across tenants.
     */
    TENANTS_MANAGE("tenants:manage", true);

    private final String code;
    private final boolean operatorOnly;

    Permission(String code) {
        this(code, false);
    }

    Permission(String code, boolean operatorOnly) {
        this.code = code;
        this.operatorOnly = operatorOnly;
    }

    public String code() {
        return code;
    }

    /** Whether only tokens of the operator tenant ({@link TenantId#OPERATOR}) may hold it. */
    public boolean operatorOnly() {
        return operatorOnly;
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
