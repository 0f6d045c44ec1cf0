-- The closed sessions of a NAS by stop time (ADR 61): a NAS's sessions over a recent range are its open ones
-- (sessions_open_device_idx) and those closed since the range's start (this index), instead of every session the NAS
-- ever had (sessions_tenant_nas_start_idx bounds only start_time: 50,000 index entries and 39,447 heap blocks read for
-- a NAS's last 18 minutes on the bench, 181 ms). One entry a Stop, none a Start or an interim: the predicate is false
-- for an open session, and a Stop is never a HOT update already (stop_time is in the predicates of the partial
-- indexes of open sessions), so it writes its other index entries anyway.
--
-- Online: CREATE INDEX CONCURRENTLY (outside a transaction: the .conf beside this file) does not stop the writers of
-- sessions. A build that failed leaves an invalid index; it is dropped first, so that a retry at the next start
-- builds it again.
-- [jooq ignore start]
DROP INDEX CONCURRENTLY IF EXISTS sessions_closed_nas_stop_idx;
CREATE INDEX CONCURRENTLY sessions_closed_nas_stop_idx ON sessions (nas_id, stop_time) WHERE stop_time IS NOT NULL;
-- [jooq ignore stop]
