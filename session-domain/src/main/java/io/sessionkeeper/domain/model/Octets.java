package io.sessionkeeper.domain.model;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An attribute value exactly as a NAS sent it: 1 to 253 octets (a RADIUS attribute's room), immutable. Kept where
 * the text stored for display differs from what the NAS sent (see {@link OriginalOctets}), so that the NAS can be
 * addressed with its own octets again.
 */
public final class Octets {
    /** The most a RADIUS attribute value holds (RFC 2865 §5). */
    public static final int MAX_LENGTH = 253;

    private final byte[] value;

    private Octets(byte[] value) {
        this.value = value;
    }

    /** The octets of {@code value}, copied. */
    public static Octets of(byte[] value) {
        InvalidValueException.require(
                value != null && value.length >= 1 && value.length <= MAX_LENGTH,
                "octets",
                "must be 1-" + MAX_LENGTH + " octets");
        return new Octets(value.clone());
    }

    /** A copy of the octets. */
    public byte[] toByteArray() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Octets that && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    /** Hex, so that control octets never reach a log or a terminal as themselves. */
    @Override
    public String toString() {
        return "0x" + HexFormat.of().formatHex(value);
    }
}
