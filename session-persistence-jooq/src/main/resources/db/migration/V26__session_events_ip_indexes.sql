-- The IP changes of sessions by address, for "who had this address at that instant" (PostgresAddressHistory): a
-- session that changed its address mid-session held the old one before the change, and its row in sessions names
-- only the last one. Partial: only IP-change events (type 1, rare: an ordinary interim writes no event), so the
-- accounting path pays nothing for them.
--
-- Online: CREATE INDEX CONCURRENTLY (outside a transaction: the .conf beside this file), which does not stop the
-- writers of session_events while it builds. A build that failed leaves an invalid index; it is dropped first, so that
-- a retry at the next start builds it again.
-- [jooq ignore start]
DROP INDEX CONCURRENTLY IF EXISTS session_events_ip_old_idx;
CREATE INDEX CONCURRENTLY session_events_ip_old_idx ON session_events (tenant_id, ip_old) WHERE type = 1;
DROP INDEX CONCURRENTLY IF EXISTS session_events_ip_new_idx;
CREATE INDEX CONCURRENTLY session_events_ip_new_idx ON session_events (tenant_id, ip_new) WHERE type = 1;
-- [jooq ignore stop]
