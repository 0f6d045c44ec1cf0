-- After migration 5.1 encrypted every NAS secret into secret_encrypted, the plaintext column goes (with it, the
-- clear secrets of its rows: PostgreSQL reclaims the space as the rows are vacuumed and rewritten).
ALTER TABLE nas DROP COLUMN secret;
ALTER TABLE nas ALTER COLUMN secret_encrypted SET NOT NULL;
