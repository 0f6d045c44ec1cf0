package io.sessionkeeper.adapter.radius.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The MD5 authenticators of RADIUS, computed over the octets as they are (or will be) on the wire and the shared
 * secret's UTF-8 octets. jradius re-encodes parsed attributes to verify, and hashes {@code secret.getBytes()} cut to
 * {@code secret.length()} octets, which breaks for any non-ASCII secret; these few lines replace both.
 */
public final class Authenticators {
    private static final byte[] ZEROS = new byte[Radius.AUTHENTICATOR_LENGTH];

    private Authenticators() {}

    public static byte[] secretBytes(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether the Request Authenticator of an Accounting-Request, Disconnect-Request or CoA-Request is
     * MD5(Code + Identifier + Length + 16 zero octets + Attributes + Secret) (RFC 2866 §3, RFC 5176 §2.3).
     */
    public static boolean requestAuthenticatorValid(RawPacket packet, byte[] secret) {
        byte[] bytes = packet.bytes();
        byte[] expected = requestAuthenticator(bytes, bytes.length, secret);
        return equalsAt(bytes, Radius.AUTHENTICATOR_OFFSET, expected);
    }

    /** Computes the Request Authenticator of the first {@code length} octets of {@code packet}. */
    public static byte[] requestAuthenticator(byte[] packet, int length, byte[] secret) {
        MessageDigest md5 = md5();
        md5.update(packet, 0, Radius.AUTHENTICATOR_OFFSET);
        md5.update(ZEROS);
        md5.update(packet, Radius.HEADER_LENGTH, length - Radius.HEADER_LENGTH);
        md5.update(secret);
        return md5.digest();
    }

    /** Computes the Request Authenticator of a request and writes it into its header. */
    public static void signRequest(byte[] packet, int length, byte[] secret) {
        byte[] authenticator = requestAuthenticator(packet, length, secret);
        System.arraycopy(authenticator, 0, packet, Radius.AUTHENTICATOR_OFFSET, Radius.AUTHENTICATOR_LENGTH);
    }

    /**
     * Computes the Response Authenticator MD5(Code + Identifier + Length + RequestAuthenticator + Attributes +
     * Secret) of the first {@code length} octets of {@code response} (RFC 2865 §3, RFC 2866 §3, RFC 5176 §2.3).
     */
    public static byte[] responseAuthenticator(
            byte[] response, int length, byte[] requestAuthenticator, byte[] secret) {
        MessageDigest md5 = md5();
        md5.update(response, 0, Radius.AUTHENTICATOR_OFFSET);
        md5.update(requestAuthenticator);
        md5.update(response, Radius.HEADER_LENGTH, length - Radius.HEADER_LENGTH);
        md5.update(secret);
        return md5.digest();
    }

    /** Computes the Response Authenticator of a response and writes it into its header. */
    public static void signResponse(byte[] response, int length, byte[] requestAuthenticator, byte[] secret) {
        byte[] authenticator = responseAuthenticator(response, length, requestAuthenticator, secret);
        System.arraycopy(authenticator, 0, response, Radius.AUTHENTICATOR_OFFSET, Radius.AUTHENTICATOR_LENGTH);
    }

    /** Whether a response carries the authenticator its request and the secret call for. */
    public static boolean responseAuthenticatorValid(RawPacket response, byte[] requestAuthenticator, byte[] secret) {
        byte[] bytes = response.bytes();
        byte[] expected = responseAuthenticator(bytes, bytes.length, requestAuthenticator, secret);
        return equalsAt(bytes, Radius.AUTHENTICATOR_OFFSET, expected);
    }

    private static boolean equalsAt(byte[] bytes, int offset, byte[] expected) {
        int difference = 0;
        for (int i = 0; i < expected.length; i++) {
            difference |= bytes[offset + i] ^ expected[i];
        }
        return difference == 0;
    }

    /**
     * One digest per thread (each use ends with {@code digest()}, which resets it): a provider look-up per packet
     * was half of the authenticators' cost on the receiving and the answering threads (JFR).
     */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    });

    private static MessageDigest md5() {
        MessageDigest md5 = MD5.get();
        md5.reset();
        return md5;
    }
}
