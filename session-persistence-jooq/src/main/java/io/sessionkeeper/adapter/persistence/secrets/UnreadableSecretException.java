package io.sessionkeeper.adapter.persistence.secrets;

/**
 * One stored value cannot be decrypted: its key id is not in the keyring, it was altered or copied from another
 * row (the authentication tag fails), or it was not written by {@link SecretCipher}. The message says which, never
 * the value. The message is a predicate ("is encrypted with key 'k9', which ..."), to follow the value's name.
 */
public final class UnreadableSecretException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnreadableSecretException(String message) {
        super(message);
    }
}
