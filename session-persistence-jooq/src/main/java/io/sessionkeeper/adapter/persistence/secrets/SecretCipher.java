package io.sessionkeeper.adapter.persistence.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM from the JDK over a {@link Keyring}. A stored value is
 *
 * <pre>
 *   version (1 byte, 1) | key id length n (1 byte) | key id (n bytes ASCII) | nonce (12 random bytes) | ciphertext + tag (16 bytes)
 * </pre>
 *
 * and its associated data is the header (version, key id) followed by the {@link SecretContext}: the value names
 * the key that opens it, and opens only in its own row and column. A fresh random 96-bit nonce per value keeps GCM
 * safe for far more values than a key will ever encrypt here (NIST SP 800-38D: 2^32 random nonces per key).
 *
 * <p>Thread-safe: a {@link Cipher} is made per call (they are not shareable, and these calls are rare: NAS
 * changes and NAS list reloads).
 */
public final class SecretCipher {
    static final int VERSION = 1;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final String CHECK_CONSTANT = "sessionkeeper key check v1";
    private static final String CHECK_COLUMN = "secret_keys.check_value";

    private final Keyring keyring;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(Keyring keyring) {
        this.keyring = keyring;
    }

    public Keyring keyring() {
        return keyring;
    }

    /** Encrypts {@code plaintext} with the primary key for the place {@code context}. */
    public byte[] seal(String plaintext, SecretContext context) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8), context, keyring.primary());
    }

    /**
     * Decrypts a value written by {@link #seal} for the same {@code context}.
     *
     * @throws UnreadableSecretException when the value is not of this format, its key is not in the keyring, or
     *     it fails authentication (altered, or written for another place)
     */
    public String open(byte[] value, SecretContext context) {
        Header header = Header.parse(value)
                .orElseThrow(() -> new UnreadableSecretException("is not a value written by SecretCipher"));
        DataKey key = keyring.key(header.keyId())
                .orElseThrow(() -> new UnreadableSecretException(
                        "is encrypted with key '" + header.keyId() + "', which is not in the keyring " + keyring));
        byte[] plaintext = decrypt(value, header, context, key);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plaintext))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new UnreadableSecretException("decrypts to bytes that are not UTF-8");
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** The key id a value names, or empty when it is not of this format. */
    public static Optional<String> keyIdOf(byte[] value) {
        return Header.parse(value).map(Header::keyId);
    }

    /** Whether {@code value} is already encrypted under the primary key (a rotation leaves it alone). */
    public boolean isUnderPrimary(byte[] value) {
        return keyIdOf(value).filter(keyring.primary().id()::equals).isPresent();
    }

    /** The key-check value of {@code key}: a constant encrypted under that key, bound to its id. */
    byte[] checkValue(DataKey key) {
        return seal(CHECK_CONSTANT.getBytes(StandardCharsets.UTF_8), SecretContext.of(CHECK_COLUMN, key.id()), key);
    }

    /** Whether {@code stored}, the check value the database holds for {@code key}'s id, was made with this key. */
    boolean matchesCheckValue(DataKey key, byte[] stored) {
        Optional<Header> header = Header.parse(stored);
        if (header.isEmpty() || !header.get().keyId().equals(key.id())) {
            return false;
        }
        try {
            byte[] plaintext = decrypt(stored, header.get(), SecretContext.of(CHECK_COLUMN, key.id()), key);
            return Arrays.equals(plaintext, CHECK_CONSTANT.getBytes(StandardCharsets.UTF_8));
        } catch (UnreadableSecretException e) {
            return false;
        }
    }

    private byte[] seal(byte[] plaintext, SecretContext context, DataKey key) {
        byte[] header = Header.bytes(key);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key.jcaKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(header);
            cipher.updateAAD(context.encoded());
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(header.length + NONCE_BYTES + sealed.length)
                    .put(header)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            // AES-GCM is in every JDK; failing here means a broken runtime, not bad input.
            throw new IllegalStateException(
                    "AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static byte[] decrypt(byte[] value, Header header, SecretContext context, DataKey key) {
        int offset = header.length();
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key.jcaKey(), new GCMParameterSpec(TAG_BITS, value, offset, NONCE_BYTES));
            cipher.updateAAD(value, 0, offset);
            cipher.updateAAD(context.encoded());
            return cipher.doFinal(value, offset + NONCE_BYTES, value.length - offset - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new UnreadableSecretException("fails authentication with key '" + key.id()
                    + "': altered, copied from another row, or encrypted with another key under that id");
        } catch (GeneralSecurityException e) {
            throw new UnreadableSecretException(
                    "cannot be decrypted: " + e.getClass().getSimpleName());
        }
    }

    /** Version and key id at the start of a value. */
    private record Header(String keyId, int length) {
        static byte[] bytes(DataKey key) {
            byte[] id = key.idBytes();
            return ByteBuffer.allocate(2 + id.length)
                    .put((byte) VERSION)
                    .put((byte) id.length)
                    .put(id)
                    .array();
        }

        static Optional<Header> parse(byte[] value) {
            if (value == null || value.length < 2 || value[0] != VERSION) {
                return Optional.empty();
            }
            int idLength = value[1] & 0xff;
            int length = 2 + idLength;
            if (idLength == 0 || value.length < length + NONCE_BYTES + TAG_BITS / 8) {
                return Optional.empty();
            }
            String id = new String(value, 2, idLength, StandardCharsets.US_ASCII);
            return DataKey.isValidId(id) ? Optional.of(new Header(id, length)) : Optional.empty();
        }
    }
}
