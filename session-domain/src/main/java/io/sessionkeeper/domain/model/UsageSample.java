package io.sessionkeeper.domain.model;

import java.time.Instant;

/**
 * The counters of a session as one accounting packet reported them: the event time the service settled for the
 * packet, cumulative download and upload octets in the customer's direction (as {@link Usage}), Acct-Session-Time
 * in seconds, and the kind of packet.
 */
public record UsageSample(Instant at, long downloadOctets, long uploadOctets, long sessionTimeSeconds, Kind kind) {
    public enum Kind {
        START,
        INTERIM,
        STOP
    }
}
