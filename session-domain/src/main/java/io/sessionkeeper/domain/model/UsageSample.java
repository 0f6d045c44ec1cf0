package io.sessionkeeper.domain.model;

import java.time.Instant;

/**
 * What one Start, Interim-Update or Stop said about its session's usage, at the event time the service settled
 * for that packet: the cumulative octets in customer direction (as {@link Usage}) and Acct-Session-Time. Samples are
 * kept as the NAS sent them, a counter lower than an earlier one included; the one rule that turns them into
 * traffic ({@code BandwidthSeriesBuilder}) is the one that keeps a session's totals ({@link Usage#max}).
 */
public record UsageSample(Instant at, long downloadOctets, long uploadOctets, long sessionTimeSeconds, Kind kind) {

    /** Which packet the sample came from. */
    public enum Kind {
        START,
        INTERIM,
        STOP
    }

    public UsageSample {
        InvalidValueException.require(at != null, "at", "must not be null");
        InvalidValueException.require(downloadOctets >= 0 && uploadOctets >= 0, "usage", "must not be negative");
        InvalidValueException.require(sessionTimeSeconds >= 0, "sessionTime", "must not be negative");
        InvalidValueException.require(kind != null, "kind", "must not be null");
    }
}
