package io.sessionkeeper.adapter.persistence.secrets;

import java.nio.file.Path;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Where an instance's {@link Keyring} comes from. Every instance of one database must hold the same keys: with an
 * external database the operator gives them ({@link Given}, from {@code SESSION_SECRET_KEY}); the single instance
 * of an embedded database may keep its own in a key file under the data directory ({@link InFile}), made at first
 * start.
 */
public sealed interface KeySource permits KeySource.Given, KeySource.InFile {
    /** The name of the key file in the data directory. */
    String KEY_FILE_NAME = "secret.key";

    /** Where the keys came from, for error messages (a setting's name or a file), never the keys. */
    String origin();

    /**
     * The keyring, reading or making the key file when it is one.
     *
     * @param dataSource the database, consulted before a key file is made: a missing file is refused when the
     *     database already knows keys (the secrets would be unreadable under a new key)
     * @throws SecretKeyException when the keys cannot be had
     */
    Keyring keyring(DataSource dataSource);

    /** Keys given by the operator; {@code origin} names the setting they came from. */
    record Given(Keyring keys, String origin) implements KeySource {
        public Given {
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(origin, "origin");
        }

        @Override
        public Keyring keyring(DataSource dataSource) {
            return keys;
        }
    }

    /** A key file of the text form of {@link Keyring} (mode 0600), made with one random key when missing. */
    record InFile(Path file) implements KeySource {
        public InFile {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public String origin() {
            return "key file " + file;
        }

        @Override
        public Keyring keyring(DataSource dataSource) {
            return KeyFile.loadOrCreate(file, () -> KeyringCheck.knownKeyIds(dataSource));
        }
    }

    /** The key file of an embedded database whose data directory is {@code dataDirectory}. */
    static KeySource keyFileIn(Path dataDirectory) {
        return new InFile(dataDirectory.resolve(KEY_FILE_NAME));
    }
}
