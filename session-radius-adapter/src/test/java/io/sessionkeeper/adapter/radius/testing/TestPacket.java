package io.sessionkeeper.adapter.radius.testing;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Builds RADIUS requests octet by octet for tests that need exact control over the wire (duplicates, fuzzing), with
 * its own MD5 signing written from RFC 2866 §3 rather than the production code's.
 */
public final class TestPacket {
    private final int code;
    private final int identifier;
    private final ByteArrayOutputStream attributes = new ByteArrayOutputStream();

    private TestPacket(int code, int identifier) {
        this.code = code;
        this.identifier = identifier;
    }

    public static TestPacket accountingRequest(int identifier) {
        return new TestPacket(4, identifier);
    }

    public static TestPacket ofCode(int code, int identifier) {
        return new TestPacket(code, identifier);
    }

    public TestPacket raw(int type, byte[] value) {
        attributes.write(type);
        attributes.write(value.length + 2);
        attributes.writeBytes(value);
        return this;
    }

    public TestPacket string(int type, String value) {
        return raw(type, value.getBytes(StandardCharsets.UTF_8));
    }

    public TestPacket integer(int type, long value) {
        return raw(type, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    public TestPacket address(int type, String literal) {
        try {
            return raw(type, InetAddress.getByName(literal).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    public TestPacket vendor(long vendor, int type, byte[] value) {
        byte[] vsa = new byte[value.length + 6];
        vsa[0] = (byte) (vendor >>> 24);
        vsa[1] = (byte) (vendor >>> 16);
        vsa[2] = (byte) (vendor >>> 8);
        vsa[3] = (byte) vendor;
        vsa[4] = (byte) type;
        vsa[5] = (byte) (value.length + 2);
        System.arraycopy(value, 0, vsa, 6, value.length);
        return raw(26, vsa);
    }

    /** An Accounting-Start of {@code acctSessionId} for {@code username}, ready to sign. */
    public static TestPacket start(int identifier, String acctSessionId, String username) {
        return accountingRequest(identifier)
                .integer(40, 1)
                .string(44, acctSessionId)
                .string(1, username)
                .integer(7, 1)
                .string(31, "AA:BB:CC:00:00:01");
    }

    /** The packet with its Request Authenticator: MD5(Code+Identifier+Length+16 zeros+Attributes+Secret). */
    public byte[] sign(String secret) {
        byte[] body = attributes.toByteArray();
        byte[] packet = new byte[20 + body.length];
        packet[0] = (byte) code;
        packet[1] = (byte) identifier;
        packet[2] = (byte) (packet.length >>> 8);
        packet[3] = (byte) packet.length;
        System.arraycopy(body, 0, packet, 20, body.length);
        byte[] digest = md5(packet, secret.getBytes(StandardCharsets.UTF_8));
        System.arraycopy(digest, 0, packet, 4, 16);
        return packet;
    }

    /** The packet as an answer to {@code request}: MD5(Code+Identifier+Length+RequestAuthenticator+Attributes+Secret). */
    public byte[] signAsResponseTo(byte[] request, String secret) {
        byte[] body = attributes.toByteArray();
        byte[] packet = new byte[20 + body.length];
        packet[0] = (byte) code;
        packet[1] = (byte) identifier;
        packet[2] = (byte) (packet.length >>> 8);
        packet[3] = (byte) packet.length;
        System.arraycopy(request, 4, packet, 4, 16);
        System.arraycopy(body, 0, packet, 20, body.length);
        byte[] digest = md5(packet, secret.getBytes(StandardCharsets.UTF_8));
        System.arraycopy(digest, 0, packet, 4, 16);
        return packet;
    }

    /** Whether {@code response} is a valid answer to {@code request} under {@code secret}. */
    public static boolean validResponse(byte[] response, byte[] request, String secret) {
        byte[] copy = response.clone();
        System.arraycopy(request, 4, copy, 4, 16);
        byte[] expected = md5(copy, secret.getBytes(StandardCharsets.UTF_8));
        return Arrays.equals(expected, Arrays.copyOfRange(response, 4, 20));
    }

    private static byte[] md5(byte[] packet, byte[] secret) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(packet);
            md5.update(secret);
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
