package io.sessionkeeper.adapter.radius;

import java.util.Locale;

/** Why the accounting listener let a datagram go unanswered. Each is counted; the NAS retransmits what matters. */
public enum DropReason {
    /** Not a well-formed RADIUS packet: header length vs datagram, attribute lengths, undecodable values. */
    MALFORMED,
    /** Well-formed, but not an Accounting-Request (an Access-Request or a reply sent to the wrong port). */
    NOT_ACCOUNTING_REQUEST,
    /** The source address is not a registered NAS or proxy. */
    UNKNOWN_CLIENT,
    /** The Request Authenticator does not match the client's shared secret. */
    BAD_AUTHENTICATOR,
    /** Forwarded by a proxy for a NAS that is not registered in the proxy's tenant. */
    UNKNOWN_NAS_BEHIND_PROXY,
    /** The NAS directory could not be read to identify the client. */
    NAS_LOOKUP_FAILED,
    /** The queue to the writer is full: back-pressure; the NAS retransmits. */
    QUEUE_FULL,
    /** A retransmission of a packet that is still being recorded: it will be answered once. */
    DUPLICATE_IN_FLIGHT,
    /** Accepted, but its batch could not be committed: not answered, so the NAS retransmits. */
    COMMIT_FAILED,
    /**
     * Refused by the store for its data even on its own (a value, constraint or limit the database refuses), once
     * its batch was split to isolate it: never answered; the other events of its batch were.
     */
    REJECTED_BY_STORE,
    /** Accepted, but the listener stopped before it could be committed. */
    NOT_COMMITTED_AT_STOP,
    /** Committed, but its Accounting-Response could not be built (a bug): the retransmission is processed again. */
    RESPONSE_NOT_ENCODED;

    /** Lower-case label, e.g. for a Prometheus {@code reason} label. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
