package io.sessionkeeper.domain.model;

/**
 * What a NAS answered to a Disconnect-Request or CoA-Request (RFC 5176). Expected outcomes are values, not
 * exceptions: a NAK and a time-out are normal answers of a network.
 */
public sealed interface DisconnectResult {
    int attempts();

    long roundTripMillis();

    /** Disconnect-ACK / CoA-ACK. */
    record Acked(int attempts, long roundTripMillis) implements DisconnectResult {}

    /** Disconnect-NAK / CoA-NAK, with Error-Cause (RFC 5176 §3.5) when the NAS sent one (else 0). */
    record Nacked(int errorCause, int attempts, long roundTripMillis) implements DisconnectResult {
        /** 503 Session-Context-Not-Found: the NAS no longer has this session. */
        public static final int SESSION_CONTEXT_NOT_FOUND = 503;

        public boolean sessionNotFound() {
            return errorCause == SESSION_CONTEXT_NOT_FOUND;
        }
    }

    /** No valid answer within the time-out after every retransmission. Not a success. */
    record TimedOut(int attempts, long roundTripMillis) implements DisconnectResult {}

    /** The request could not be sent at all (no route, port unreachable, socket error). */
    record Failed(String reason, int attempts, long roundTripMillis) implements DisconnectResult {}
}
