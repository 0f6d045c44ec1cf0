package io.sessionkeeper.adapter.persistence.secrets;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The keys an instance holds: the first is the primary (new values are encrypted with it), the others only
 * decrypt values written before a rotation. Text form (setting {@code SESSION_SECRET_KEY}, key file): items
 * {@code id:base64} separated by commas, the primary first; a single item may be the bare base64, which stands for
 * id {@value #DEFAULT_ID}. Each key is 32 random bytes ({@code openssl rand -base64 32}).
 */
public final class Keyring {
    /** The id of a key given without one, and of the key the embedded database's key file starts with. */
    public static final String DEFAULT_ID = "k1";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<DataKey> keys;

    private Keyring(List<DataKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a keyring needs at least one key");
        }
        Set<String> ids = new HashSet<>();
        for (DataKey key : keys) {
            if (!ids.add(key.id())) {
                throw new IllegalArgumentException("key id '" + key.id() + "' appears twice");
            }
        }
        this.keys = List.copyOf(keys);
    }

    /**
     * Reads the text form. The message of the {@link IllegalArgumentException} on a bad value says which item and
     * why, never the key text.
     */
    public static Keyring parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        String[] items = text.split(",", -1);
        List<DataKey> keys = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            String item = items[i].strip();
            String where = items.length == 1 ? "the key" : "item " + (i + 1);
            int colon = item.indexOf(':');
            String id;
            String material;
            if (colon < 0) {
                if (items.length > 1) {
                    throw new IllegalArgumentException(
                            where + " has no id: with several keys each item is id:base64, the primary first");
                }
                id = DEFAULT_ID;
                material = item;
            } else {
                id = item.substring(0, colon).strip();
                material = item.substring(colon + 1).strip();
                if (!DataKey.isValidId(id)) {
                    throw new IllegalArgumentException(
                            where + ": a key id is 1-32 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
                }
                where = where + " (key id '" + id + "')";
            }
            keys.add(new DataKey(id, decode(material, where)));
        }
        return new Keyring(keys);
    }

    /** A keyring of one new random key. */
    public static Keyring generate(String id) {
        byte[] material = new byte[DataKey.KEY_BYTES];
        RANDOM.nextBytes(material);
        return new Keyring(List.of(new DataKey(id, material)));
    }

    private static byte[] decode(String material, String where) {
        byte[] bytes;
        try {
            bytes = material.indexOf('-') >= 0 || material.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(material)
                    : Base64.getDecoder().decode(material);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " is not base64 (make a key with: openssl rand -base64 32)");
        }
        if (bytes.length != DataKey.KEY_BYTES) {
            throw new IllegalArgumentException(where + " must be " + DataKey.KEY_BYTES + " bytes in base64, not "
                    + bytes.length + " (make a key with: openssl rand -base64 32)");
        }
        return bytes;
    }

    /** The key new values are encrypted with. */
    public DataKey primary() {
        return keys.get(0);
    }

    public Optional<DataKey> key(String id) {
        return keys.stream().filter(key -> key.id().equals(id)).findFirst();
    }

    public List<DataKey> keys() {
        return keys;
    }

    /** The ids, primary first. */
    public Set<String> ids() {
        return keys.stream().map(DataKey::id).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The text form, for the key file only: it holds the key material. */
    String format() {
        return keys.stream().map(key -> key.id() + ":" + key.materialBase64()).collect(Collectors.joining(","));
    }

    /** Ids only, never key material. */
    @Override
    public String toString() {
        return "Keyring"
                + keys.stream()
                        .map(key -> key == primary() ? key.id() + " (primary)" : key.id())
                        .collect(Collectors.joining(", ", "[", "]"));
    }
}
