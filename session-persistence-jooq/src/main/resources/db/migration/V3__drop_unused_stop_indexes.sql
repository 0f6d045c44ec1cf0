-- The two indexes of completed sessions by stop time were made for retention and archiving, which no query runs
-- yet; every Stop paid for them (a Stop is a non-HOT update: one entry in each index). The archiving job will
-- bring back the one it needs with itself. See docs/benchmarks.md (ingest) and docs/persistence.md.
-- [jooq ignore start]
DROP INDEX IF EXISTS sessions_tenant_stop_idx;
DROP INDEX IF EXISTS sessions_stop_idx;
-- [jooq ignore stop]
