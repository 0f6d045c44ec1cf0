package io.sessionkeeper.adapter.http.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-SessionKeeper-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}, keyed with the webhook's
 * secret (its UTF-8 bytes, the whole {@code whsec_…} text). The time is part of what is signed, so a receiver can
 * refuse old deliveries (replays); {@code v1} names the scheme so that another can follow beside it.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-SessionKeeper-Signature";
    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {}

    /** The header value for {@code body} sent at {@code unixSeconds}. */
    public static String header(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac(secret, unixSeconds, body));
    }

    /**
     * Whether {@code header} is a valid signature of {@code body} with {@code secret} (constant-time comparison), what
     * a receiver does (docs/alerts.md shows it in other languages). The age check is the receiver's.
     */
    public static boolean verify(String secret, String header, byte[] body) {
        if (header == null) {
            return false;
        }
        Long t = null;
        byte[] v1 = null;
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            try {
                if (name.equals("t")) {
                    t = Long.parseLong(value);
                } else if (name.equals("v1")) {
                    v1 = HexFormat.of().parseHex(value);
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return t != null && v1 != null && MessageDigest.isEqual(v1, mac(secret, t, body));
    }

    private static byte[] mac(String secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is in every JDK: failing here is a broken runtime, not bad input
            throw new IllegalStateException(
                    "HMAC-SHA256 is not available: " + e.getClass().getSimpleName(), e);
        }
    }
}
