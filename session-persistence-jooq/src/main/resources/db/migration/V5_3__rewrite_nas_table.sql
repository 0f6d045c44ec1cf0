-- Neither the UPDATE of migration 5.1 nor the DROP COLUMN of 5.2 removes the clear secrets from the table's
-- files: old row versions and dropped column values stay on disk until the space happens to be reused. VACUUM FULL
-- writes the table anew with only the current rows (the nas table is small; it is locked for that moment).
-- Flyway runs this migration outside a transaction, as VACUUM requires. Copies made before (backups, WAL
-- archives, replicas' history) still hold the secrets in clear: see docs/persistence.md.
-- [jooq ignore start]
VACUUM FULL nas;
-- [jooq ignore stop]
