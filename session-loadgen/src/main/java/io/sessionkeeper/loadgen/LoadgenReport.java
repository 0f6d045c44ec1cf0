package io.sessionkeeper.loadgen;

import java.util.Locale;

/**
 * What a run did.
 *
 * @param requests distinct Accounting-Requests sent (first transmissions)
 * @param transmissions datagrams sent, retransmissions and duplicates included
 * @param acknowledged requests answered by a valid Accounting-Response
 * @param retransmitted retransmissions after a time-out
 * @param duplicatesSent deliberate duplicates
 * @param lost requests given up after every retransmission
 * @param unsent requests never sent because the run hit its time limit
 * @param lateResponses valid answers that came for a request already answered or given up
 * @param invalidResponses answers with a wrong code, unparseable, or whose Response Authenticator fits none of the
 *     last 8 requests of their Identifier (a very late answer after many reuses of the Identifier lands here too)
 * @param seconds from the first transmission to the last acknowledgement
 * @param latency first transmission → acknowledgement, in milliseconds
 * @param latencyByKind the same, of Starts, Interim-Updates and Stops apart
 */
public record LoadgenReport(
        long requests,
        long transmissions,
        long acknowledged,
        long retransmitted,
        long duplicatesSent,
        long lost,
        long unsent,
        long lateResponses,
        long invalidResponses,
        double seconds,
        LatencyRecorder.Percentiles latency,
        LatencyRecorder.KindPercentiles latencyByKind) {

    public double acknowledgedPerSecond() {
        return seconds <= 0 ? 0 : acknowledged / seconds;
    }

    public boolean complete() {
        return lost == 0 && unsent == 0 && acknowledged == requests;
    }

    public String format() {
        return String.format(
                Locale.ROOT,
                "requests %d, transmissions %d, acknowledged %d, retransmitted %d, duplicates sent %d, lost %d, unsent %d,"
                        + " late responses %d, invalid responses %d%n"
                        + "elapsed %.2f s, %.0f packets/s acknowledged%n"
                        + "ack latency ms: p50 %.2f, p95 %.2f, p99 %.2f, max %.2f%n"
                        + "ack latency ms by kind: %s; %s; %s",
                requests,
                transmissions,
                acknowledged,
                retransmitted,
                duplicatesSent,
                lost,
                unsent,
                lateResponses,
                invalidResponses,
                seconds,
                acknowledgedPerSecond(),
                latency.p50(),
                latency.p95(),
                latency.p99(),
                latency.max(),
                kind("Start", latencyByKind.start()),
                kind("Interim", latencyByKind.interim()),
                kind("Stop", latencyByKind.stop()));
    }

    private static String kind(String name, LatencyRecorder.Percentiles percentiles) {
        return String.format(
                Locale.ROOT,
                "%s (%d) p50 %.2f, p99 %.2f, max %.2f",
                name,
                percentiles.count(),
                percentiles.p50(),
                percentiles.p99(),
                percentiles.max());
    }
}
