package io.sessionkeeper.domain.model;

import java.time.Instant;

/**
 * One line of a session's timeline. Byte counts are cumulative for the session, in the customer's direction
 * (download = received by the customer), as {@link Usage}.
 */
public sealed interface TimelineEntry {
    Instant at();

    SessionEventType type();

    /** The session began; {@code framedIp} the address it began with (null when the NAS sent none). */
    record Started(Instant at, IpAddress framedIp) implements TimelineEntry {
        @Override
        public SessionEventType type() {
            return SessionEventType.SESSION_STARTED;
        }
    }

    /**
     * An Interim-Update, with the counters it reported and the rate since the sample before it ({@code rate} null
     * when there is none to compare with, no time passed, or a counter went back: then {@code counterWentBack}).
     */
    record Interim(
            Instant at,
            long downloadOctets,
            long uploadOctets,
            long sessionTimeSeconds,
            Rate rate,
            boolean counterWentBack)
            implements TimelineEntry {
        @Override
        public SessionEventType type() {
            return SessionEventType.INTERIM_UPDATE;
        }
    }

    /**
     * A run of {@code count} (two or more) consecutive Interim-Updates from {@code at} to {@code lastAt}, collapsed on
     * request: the counters of the last one, and the average rate over the run (from the sample before its first one
     * to its last; null as for {@link Interim}, and whenever a counter went back within the run).
     */
    record Interims(
            Instant at,
            Instant lastAt,
            int count,
            long downloadOctets,
            long uploadOctets,
            long sessionTimeSeconds,
            Rate rate,
            boolean counterWentBack)
            implements TimelineEntry {
        public Interims {
            InvalidValueException.require(count >= 2, "count", "a collapsed run has two entries or more");
        }

        @Override
        public SessionEventType type() {
            return SessionEventType.INTERIM_UPDATE;
        }
    }

    /** A recorded {@link SessionEvent} of the session. */
    record Recorded(SessionEvent event) implements TimelineEntry {
        @Override
        public Instant at() {
            return event.at();
        }

        @Override
        public SessionEventType type() {
            return event.type();
        }
    }

    /** The session ended at its stop time for {@code cause} (null when the NAS's Stop named none), with its totals. */
    record Ended(Instant at, TerminateCause cause, long downloadOctets, long uploadOctets, long sessionTimeSeconds)
            implements TimelineEntry {
        @Override
        public SessionEventType type() {
            return SessionEventType.SESSION_ENDED;
        }
    }

    /** Average rates between two samples in kbit/s (1,000 bits per second): Δoctets × 8 / Δseconds / 1,000. */
    record Rate(double downloadKbps, double uploadKbps) {
        public Rate {
            InvalidValueException.require(downloadKbps >= 0 && uploadKbps >= 0, "rate", "must not be negative");
        }

        /** The rate from {@code (t0, d0, u0)} to {@code (t1, d1, u1)}; null unless time passed and no counter fell. */
        public static Rate between(Instant t0, long d0, long u0, Instant t1, long d1, long u1) {
            long nanos = java.time.Duration.between(t0, t1).toNanos();
            if (nanos <= 0 || d1 < d0 || u1 < u0) {
                return null;
            }
            // bits × 10^6 / ns = bits / s / 1,000
            return new Rate((d1 - d0) * 8.0 * 1e6 / nanos, (u1 - u0) * 8.0 * 1e6 / nanos);
        }
    }
}
