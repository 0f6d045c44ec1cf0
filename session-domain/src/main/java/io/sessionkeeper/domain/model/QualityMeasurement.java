package io.sessionkeeper.domain.model;

import java.time.Instant;
import java.util.List;

/**
 * One measurement of a session's quality at {@code at}: the round-trip times of the answers, in milliseconds, in the
 * order they came, and how many echoes were sent and lost ({@code echoes}; null when the source does not count them:
 * then loss is unknown, never 0).
 */
public record QualityMeasurement(
        TenantId tenant, SessionId session, Instant at, QualitySource source, List<Double> rttMillis, Echoes echoes) {
    /** The most round-trip times one measurement carries. */
    public static final int MAX_RTTS = 1_000;

    /** The longest round trip taken as an answer: a minute (anything longer is no echo). */
    public static final double MAX_RTT_MILLIS = 60_000;

    /** Echoes sent and not answered. */
    public record Echoes(int sent, int lost) {
        public Echoes {
            InvalidValueException.require(sent >= 0 && sent <= 100_000, "sent", "must be 0 to 100000");
            InvalidValueException.require(lost >= 0 && lost <= sent, "lost", "must be 0 to sent");
        }
    }

    public QualityMeasurement {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(session != null, "session", "must not be null");
        InvalidValueException.require(at != null, "at", "must not be null");
        InvalidValueException.require(source != null, "source", "must not be null");
        rttMillis = rttMillis == null ? List.of() : List.copyOf(rttMillis);
        InvalidValueException.require(rttMillis.size() <= MAX_RTTS, "rttMs", "at most " + MAX_RTTS + " values");
        for (Double rtt : rttMillis) {
            InvalidValueException.require(
                    rtt != null && rtt >= 0 && rtt <= MAX_RTT_MILLIS, "rttMs", "must be 0 to " + (long) MAX_RTT_MILLIS);
        }
        InvalidValueException.require(
                echoes == null || echoes.sent() - echoes.lost() == rttMillis.size() || source == QualitySource.PUSH,
                "echoes",
                "a probe's answers are its round-trip times");
        InvalidValueException.require(
                !rttMillis.isEmpty() || echoes != null, "rttMs", "a measurement needs round-trip times or echo counts");
    }
}
