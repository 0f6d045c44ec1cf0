-- The open sessions by device (NAS, User-Name) get a predicate of their own (ADR 17, second addendum): the same index as
-- sessions_open_nas_user_idx, "open" written num_nulls(stop_time) = 1 instead of stop_time IS NULL. Its readers say
-- "open" the same way (OpenByDevice), so that no other partial index of open sessions can serve them: with statistics
-- taken while nearly every session was closed, a Start's device look-up read the whole of sessions_open_key_uk for each
-- device (113 ms for 100 devices) instead of probing this index.
--
-- Online: CREATE and DROP INDEX CONCURRENTLY (outside a transaction: the .conf beside this file), which do not stop
-- the writers of sessions. A build that failed leaves an invalid index; it is dropped first, so that a retry at the
-- next start builds it again. While both exist a Start writes an entry in each; the old one goes once the new one
-- serves. An instance of the previous version still running reads the open sessions of a device through the other
-- partial indexes of open sessions once the old index is gone: slower, still right.
-- [jooq ignore start]
DROP INDEX CONCURRENTLY IF EXISTS sessions_open_device_idx;
CREATE INDEX CONCURRENTLY sessions_open_device_idx ON sessions (nas_id, username) WHERE num_nulls(stop_time) = 1;
DROP INDEX CONCURRENTLY IF EXISTS sessions_open_nas_user_idx;
-- [jooq ignore stop]
