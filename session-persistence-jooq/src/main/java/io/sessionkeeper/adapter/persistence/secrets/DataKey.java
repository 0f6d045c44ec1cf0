package io.sessionkeeper.adapter.persistence.secrets;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-256 key of a {@link Keyring} and the id under which stored values name it. The key material never
 * leaves this object except as a JCA key for the cipher: {@code toString} shows the id only.
 */
public final class DataKey {
    /** 256-bit AES. */
    public static final int KEY_BYTES = 32;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    private final String id;
    private final SecretKey key;

    DataKey(String id, byte[] material) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a key id is 1-32 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
        }
        if (material == null || material.length != KEY_BYTES) {
            throw new IllegalArgumentException("a key is " + KEY_BYTES + " bytes");
        }
        this.id = id;
        this.key = new SecretKeySpec(material, "AES");
    }

    /** Whether {@code id} may name a key (it is stored in every value, so it is short and plain ASCII). */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public String id() {
        return id;
    }

    byte[] idBytes() {
        return id.getBytes(StandardCharsets.US_ASCII);
    }

    SecretKey jcaKey() {
        return key;
    }

    /** The material in base64, for the key file only. */
    String materialBase64() {
        return java.util.Base64.getEncoder().encodeToString(key.getEncoded());
    }

    @Override
    public String toString() {
        return "DataKey[" + id + "]";
    }
}
