package io.sessionkeeper.domain.model;

/**
 * The kinds of entry of a session's timeline, each with a stable {@link #code} (what clients switch on; never
 * renamed) and the human {@link #label} of the spec. The order of declaration is the order of entries that share an
 * instant: a start before everything, an end after everything, a request before its result.
 *
 * <p>{@link #SESSION_STARTED}, {@link #INTERIM_UPDATE} and {@link #SESSION_ENDED} are read from the session and its
 * usage samples; the others are {@link SessionEvent}s, recorded when they happened.
 */
public enum SessionEventType {
    SESSION_STARTED("session_started", "Session Started"),
    INTERIM_UPDATE("interim_update", "Interim Update"),
    IP_CHANGED("ip_changed", "IP Changed"),
    SPEED_CHANGED("speed_changed", "Speed Changed"),
    DISCONNECT_REQUESTED("disconnect_requested", "Disconnect Requested"),
    DISCONNECT_RESULT("disconnect_result", "Disconnect Result"),
    NAS_REBOOTED("nas_rebooted", "NAS Rebooted"),
    CLOSED_AS_STALE("closed_as_stale", "Closed As Stale"),
    SUPERSEDED("superseded", "Superseded"),
    QUALITY_DEGRADED("quality_degraded", "Quality Degraded"),
    QUALITY_RECOVERED("quality_recovered", "Quality Recovered"),
    SESSION_ENDED("session_ended", "Session Ended");

    private final String code;
    private final String label;

    SessionEventType(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }
}
