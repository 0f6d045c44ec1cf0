-- sessions_open_start_idx (open sessions by start, across tenants) served one query: the stale cleanup of every
-- tenant at once, a background job that runs a few times an hour. Every Start paid an entry in it. The cleanup now
-- goes tenant by tenant over sessions_open_tenant_start_idx (PostgresSessionRepository.closeStale), and this index
-- goes. What each remaining index costs and why it stays: docs/adr/0027-session-indexes-and-their-cost.md.
--
-- Online: DROP INDEX CONCURRENTLY takes no lock that stops writers (it waits for transactions using the index
-- instead); it cannot run in a transaction, hence V11__drop_open_start_index.sql.conf (executeInTransaction=false).
-- [jooq ignore start]
DROP INDEX CONCURRENTLY IF EXISTS sessions_open_start_idx;
-- [jooq ignore stop]
