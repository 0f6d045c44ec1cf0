package io.sessionkeeper.benchmarks.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/**
 * Accounting-Requests built by hand (RFC 2866 §3), so that the fuzzer shares no code with the listener it attacks:
 * a signed request whose attributes are whatever the caller wrote, including hostile values.
 */
final class RadiusPackets {
    static final int ACCOUNTING_REQUEST = 4;
    static final int HEADER = 20;

    private final ByteArrayOutputStream attributes = new ByteArrayOutputStream();

    RadiusPackets attribute(int type, byte[] value) {
        if (value.length > 253) {
            throw new IllegalArgumentException("attribute value over 253 octets");
        }
        attributes.write(type);
        attributes.write(value.length + 2);
        attributes.writeBytes(value);
        return this;
    }

    RadiusPackets text(int type, String value) {
        return attribute(type, value.getBytes(StandardCharsets.UTF_8));
    }

    RadiusPackets integer(int type, long value) {
        return attribute(
                type, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    /** Raw octets appended as they are: may make the attribute structure invalid on purpose. */
    RadiusPackets raw(byte[] octets) {
        attributes.writeBytes(octets);
        return this;
    }

    /** The datagram, its Request Authenticator = MD5(Code+Identifier+Length+16 zero octets+Attributes+Secret). */
    byte[] signed(int identifier, byte[] secret) {
        byte[] attrs = attributes.toByteArray();
        int length = HEADER + attrs.length;
        byte[] packet = new byte[length];
        packet[0] = ACCOUNTING_REQUEST;
        packet[1] = (byte) identifier;
        packet[2] = (byte) (length >>> 8);
        packet[3] = (byte) length;
        System.arraycopy(attrs, 0, packet, HEADER, attrs.length);
        MessageDigest md5 = md5();
        md5.update(packet);
        md5.update(secret);
        System.arraycopy(md5.digest(), 0, packet, 4, 16);
        return packet;
    }

    /** A believable Start, Interim-Update or Stop of one subscriber. */
    static byte[] clean(Random random, int identifier, byte[] secret, int subscriber) {
        int status = 1 + random.nextInt(3);
        RadiusPackets p = new RadiusPackets()
                .integer(40, status == 3 ? 2 : status == 2 ? 3 : 1)
                .text(1, "fuzz-user-" + subscriber)
                .text(44, "FZ" + Integer.toHexString(subscriber))
                .integer(4, 0x7F000002L)
                .integer(5, subscriber)
                .text(
                        31,
                        String.format(
                                "02:00:00:%02X:%02X:%02X",
                                subscriber >> 16 & 0xFF, subscriber >> 8 & 0xFF, subscriber & 0xFF))
                .integer(8, 0x0A000000L | (subscriber & 0xFFFF))
                .integer(7, 1)
                .integer(61, 15);
        if (status != 1) {
            p.integer(46, 60 + random.nextInt(3600))
                    .integer(42, random.nextInt(Integer.MAX_VALUE))
                    .integer(43, random.nextInt(Integer.MAX_VALUE));
        }
        return p.signed(identifier, secret);
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
