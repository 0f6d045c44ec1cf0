package io.sessionkeeper.domain.model;

import java.util.List;

/**
 * Why a session ended. Causes a NAS sent (Acct-Terminate-Cause, RFC 2866 §5.10) keep their RFC name and code;
 * causes the service sets itself carry {@link Origin#SERVICE} and code 0, so "NAS-Reboot" decided by the service
 * on Accounting-On stays distinguishable from a NAS that reported NAS-Reboot (11) itself.
 */
public record TerminateCause(String name, int code, Origin origin) {
    public enum Origin {
        NAS,
        SERVICE
    }

    private static final List<String> RFC_NAMES = List.of(
            "User-Request",
            "Lost-Carrier",
            "Lost-Service",
            "Idle-Timeout",
            "Session-Timeout",
            "Admin-Reset",
            "Admin-Reboot",
            "Port-Error",
            "NAS-Error",
            "NAS-Request",
            "NAS-Reboot",
            "Port-Unneeded",
            "Port-Preempted",
            "Port-Suspended",
            "Service-Unavailable",
            "Callback",
            "User-Error",
            "Host-Request");

    /** An administrator terminated the session through this service. */
    public static final TerminateCause ADMIN_TERMINATE = service("Admin-Terminate");
    /** No accounting was seen for longer than the stale threshold. */
    public static final TerminateCause STALE_SESSION_CLEANUP = service("Stale-Session-Cleanup");
    /** The NAS sent Accounting-On or Accounting-Off: it rebooted or stopped, so all its sessions ended. */
    public static final TerminateCause NAS_REBOOT = service("NAS-Reboot");
    /** A new session of the same user on the same NAS and device began: the older one lost its Stop. */
    public static final TerminateCause SUPERSEDED = service("Session-Superseded");

    public TerminateCause {
        InvalidValueException.require(name != null && !name.isBlank(), "terminateCause", "must have a name");
        InvalidValueException.require(origin != null, "terminateCause", "must have an origin");
    }

    private static TerminateCause service(String name) {
        return new TerminateCause(name, 0, Origin.SERVICE);
    }

    /** The cause a NAS reported as Acct-Terminate-Cause; unknown codes keep their number. */
    public static TerminateCause fromRadius(int code) {
        String name = code >= 1 && code <= RFC_NAMES.size() ? RFC_NAMES.get(code - 1) : "Unknown-Cause-" + code;
        return new TerminateCause(name, code, Origin.NAS);
    }
}
