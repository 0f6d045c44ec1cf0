/**
 * Secrets encrypted at rest: values the service must read back in clear (a NAS's RADIUS shared secret, later a
 * webhook's signing secret) are stored as AES-256-GCM ciphertext under a {@link Keyring} that only the service
 * instances hold, each value bound to its row by associated data ({@link SecretContext}).
 *
 * <p>{@link SecretCipher} seals and opens values; {@link KeySource} says where the keyring comes from (a setting, or
 * the embedded database's key file, {@link KeyFile}); {@link KeyringCheck} makes an instance with a wrong or
 * missing key refuse to start; {@link SecretColumns} lists every encrypted column, for that check and for
 * {@link SecretRotation} (re-encryption under the primary key). A new kind of secret adds its column to
 * {@link SecretColumns} and uses the same cipher. Why and how: docs/adr/0019-secrets-encrypted-at-rest.md.
 */
package io.sessionkeeper.adapter.persistence.secrets;
