-- NAS shared secrets encrypted at rest (docs/adr/0019-secrets-encrypted-at-rest.md, docs/persistence.md).
--
-- The service encrypts with AES-256-GCM under a keyring that only the service instances hold
-- (SESSION_SECRET_KEY, or the key file of the embedded database); the database sees ciphertext only. SQL cannot
-- encrypt the existing rows, having no key: the Java migration 5.1 (EncryptNasSecretsMigration, registered with
-- Flyway by DatabaseMigrator together with the instance's cipher) does, and V5_2 drops the plaintext column.

-- One row per key id ever used: a key-check value (a constant encrypted under that key), so that an instance
-- given a different key under a known id refuses to start instead of writing secrets nobody else can read.
-- The table is global, like the Flyway history: keys belong to the installation, not to a tenant.
CREATE TABLE secret_keys (
  key_id       varchar(32) NOT NULL,
  check_value  bytea       NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT current_timestamp,
  CONSTRAINT secret_keys_pk PRIMARY KEY (key_id)
);

-- version byte, key id, nonce, ciphertext and tag (SecretCipher); bound to its row (tenant, id) by the
-- associated data, so a value copied to another NAS does not decrypt there.
ALTER TABLE nas ADD COLUMN secret_encrypted bytea;
ALTER TABLE nas ALTER COLUMN secret DROP NOT NULL;
