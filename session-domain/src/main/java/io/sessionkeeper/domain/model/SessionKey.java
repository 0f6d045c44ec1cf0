package io.sessionkeeper.domain.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Identity of an accounting session as the NAS sees it, in the spirit of FreeRADIUS's acct-unique-id: a digest
 * of the attributes that together tell one NAS session from another. Acct-Session-Id alone is unique only per
 * NAS and is reused after a NAS crash; the domain tells reuse apart by time (see {@code AccountingPolicy}).
 */
public record SessionKey(UUID value) {
    public SessionKey {
        InvalidValueException.require(value != null, "sessionKey", "must not be null");
    }

    /** Derives the key; {@code null} parts count as empty. The NAS is part of the key, so equal ids on two NAS differ. */
    public static SessionKey derive(NasId nas, String username, String acctSessionId, String nasPortId, Long nasPort) {
        StringBuilder joined = new StringBuilder(96)
                .append(nas.value())
                .append('\u0000')
                .append(username == null ? "" : username)
                .append('\u0000')
                .append(acctSessionId == null ? "" : acctSessionId)
                .append('\u0000')
                .append(nasPortId == null ? "" : nasPortId)
                .append('\u0000')
                .append(nasPort == null ? "" : nasPort.toString());
        return new SessionKey(nameUuid(joined.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * {@link UUID#nameUUIDFromBytes} (a version 3 UUID: MD5 of the name) with one digest per thread instead of a
     * provider look-up per call: the look-up was half of deriving a key, once per accounting packet (JFR).
     */
    static UUID nameUuid(byte[] name) {
        MessageDigest md5 = MD5.get();
        byte[] hash = md5.digest(name);
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x30);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (hash[i] & 0xff);
            least = (least << 8) | (hash[i + 8] & 0xff);
        }
        return new UUID(most, least);
    }

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    });
}
