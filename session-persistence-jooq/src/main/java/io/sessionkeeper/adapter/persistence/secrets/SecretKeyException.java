package io.sessionkeeper.adapter.persistence.secrets;

/**
 * The keyring cannot serve this database: a key given under a known id is not the key the database knows, the
 * database holds values under a key id the keyring lacks, or the keyring itself (setting or key file) is invalid.
 * A configuration problem: the service refuses to start with this message, which names ids and files, never key
 * material or secrets.
 */
public final class SecretKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SecretKeyException(String message) {
        super(message);
    }
}
