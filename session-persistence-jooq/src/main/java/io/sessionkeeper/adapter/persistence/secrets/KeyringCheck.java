package io.sessionkeeper.adapter.persistence.secrets;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.SECRET_KEYS;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Record1;

/**
 * Whether an instance's keyring can serve the database, checked after the migrations and before anything is
 * served.
 *
 * <ol>
 *   <li>Each key of the keyring is registered in {@code secret_keys} with its key-check value, unless its id is
 *       there already; then the stored check value must open with this key, or the instance holds a different key
 *       under a known id and refuses to start (it would write secrets the others cannot read, and read none).
 *   <li>Every key id under which the database holds values must be in the keyring, or the instance refuses to
 *       start (a key was removed before {@code rotate-key} re-encrypted its values).
 * </ol>
 */
public final class KeyringCheck {
    private KeyringCheck() {}

    /** @throws SecretKeyException naming {@code origin} when the keyring cannot serve this database */
    public static void verify(DSLContext dsl, SecretCipher cipher, String origin) {
        for (DataKey key : cipher.keyring().keys()) {
            register(dsl, cipher, key);
            byte[] stored = dsl.select(SECRET_KEYS.CHECK_VALUE)
                    .from(SECRET_KEYS)
                    .where(SECRET_KEYS.KEY_ID.eq(key.id()))
                    .fetchSingle(Record1::value1);
            if (!cipher.matchesCheckValue(key, stored)) {
                throw new SecretKeyException(origin + ": key '" + key.id()
                        + "' is not the key this database knows under that id (its key-check value does not match);"
                        + " give every instance the same keys, and a new key a new id");
            }
        }
        KeyUsage usage = KeyUsage.scan(dsl);
        Set<String> missing = new TreeSet<>(usage.valuesByKeyId().keySet());
        missing.removeAll(cipher.keyring().ids());
        if (!missing.isEmpty()) {
            int values = missing.stream()
                    .mapToInt(id -> usage.valuesByKeyId().get(id))
                    .sum();
            throw new SecretKeyException(origin + " lacks key(s) " + String.join(", ", missing) + ", under which "
                    + values + " stored secret(s) are encrypted: add them back after the primary key, and remove a"
                    + " key only once rotate-key has re-encrypted its values");
        }
    }

    /** Stores {@code key}'s check value unless its id is known already (the first instance to use an id wins). */
    static void register(DSLContext dsl, SecretCipher cipher, DataKey key) {
        dsl.insertInto(SECRET_KEYS)
                .set(SECRET_KEYS.KEY_ID, key.id())
                .set(SECRET_KEYS.CHECK_VALUE, cipher.checkValue(key))
                .onConflictDoNothing()
                .execute();
    }

    /**
     * The key ids the database has check values for; empty when it has none or is not migrated that far yet (read
     * before the migrations, to decide whether a missing key file may be made anew).
     */
    static Set<String> knownKeyIds(DataSource dataSource) {
        Set<String> ids = new TreeSet<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT to_regclass('secret_keys') IS NOT NULL")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    return ids;
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT key_id FROM secret_keys")) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the known secret keys: " + e.getMessage(), e);
        }
    }

    /** The key ids the stored values name (in order), with their counts, and the values of no known format. */
    public record KeyUsage(Map<String, Integer> valuesByKeyId, int unreadable) {
        public KeyUsage {
            valuesByKeyId = Collections.unmodifiableMap(new TreeMap<>(valuesByKeyId));
        }

        /** Reads every value of every {@link SecretColumns#ALL} column (small tables: NAS, webhooks). */
        public static KeyUsage scan(DSLContext dsl) {
            Map<String, Integer> byKeyId = new TreeMap<>();
            int unreadable = 0;
            for (SecretColumn<?> column : SecretColumns.ALL) {
                for (byte[] value :
                        dsl.select(column.value()).from(column.table()).fetch(Record1::value1)) {
                    var keyId = SecretCipher.keyIdOf(value);
                    if (keyId.isPresent()) {
                        byKeyId.merge(keyId.get(), 1, Integer::sum);
                    } else {
                        unreadable++;
                    }
                }
            }
            return new KeyUsage(byKeyId, unreadable);
        }
    }
}
