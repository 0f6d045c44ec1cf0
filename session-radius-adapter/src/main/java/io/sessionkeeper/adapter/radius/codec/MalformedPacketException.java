package io.sessionkeeper.adapter.radius.codec;

/**
 * A datagram that is not a well-formed RADIUS packet, or whose attributes could not be decoded. The packet is
 * silently discarded (RFC 2865 §3, RFC 5080 §2.3.3); the message is for a rate-limited log line only.
 */
public final class MalformedPacketException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedPacketException(String message) {
        super(message, null, false, false);
    }

    public MalformedPacketException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
