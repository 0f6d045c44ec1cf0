-- The octets of User-Name and Acct-Session-Id exactly as the NAS sent them, kept only where the text stored in
-- username / acct_session_id differs from them (invalid UTF-8 or control characters replaced for storage and
-- display, see docs/accounting-rules.md): a Disconnect-Request or CoA-Request must name the session by the NAS's own
-- octets, or the NAS does not find it. NULL for clean values, that is for nearly every row; the accounting write
-- sets them in a statement of their own that only batches with such values run (OriginalOctetsUpdate).
--
-- Online: ADD COLUMN without a default only changes the catalogue (no table rewrite, no scan; a brief lock).
ALTER TABLE sessions ADD COLUMN username_octets bytea;
ALTER TABLE sessions ADD COLUMN acct_session_id_octets bytea;

-- The domain's invariant (an attribute value: 1-253 octets). NOT VALID: checked for every row written from now on,
-- without scanning the existing ones (which are all NULL).
-- [jooq ignore start]
ALTER TABLE sessions ADD CONSTRAINT sessions_username_octets_ck
  CHECK (octet_length(username_octets) BETWEEN 1 AND 253) NOT VALID;
ALTER TABLE sessions ADD CONSTRAINT sessions_acct_session_id_octets_ck
  CHECK (octet_length(acct_session_id_octets) BETWEEN 1 AND 253) NOT VALID;
-- [jooq ignore stop]
