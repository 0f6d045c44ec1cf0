-- Late samples' hours queued as one row an hour, not a row a session and hour
-- (docs/adr/0069-late-hours-queued-a-row-an-hour.md).
--
-- A sample older than the roll-ups' claim (usage_rollup_state.claimed_until) queues its session's hour for a re-roll.
-- Until V40 the fold stored such samples with a statement that returned them into usage_dirty_hours, a row and a key
-- entry a session and hour: PostgreSQL 7.1 us a late sample against 4.2-4.6 for one in time
-- (bench/prototypes/fold-statement/). The fold now works the hours out itself and queues, in the step's transaction,
-- one row a tenant and UTC hour holding the sessions' ids: 4.1-4.3 us a late sample, as one in time.
--
-- `session_ids` holds 16-byte session ids, big-endian, at most 1,000 a row (SessionSamplesAppend.LATE_IDS_PER_ROW),
-- so that the re-roll's bound (UsageRollups, 20,000 session hours a round) holds a row at a time. Stored uncompressed
-- (STORAGE EXTERNAL), as usage_sample_batches: ids do not compress, and trying costs CPU.
--
-- usage_dirty_hours stays and is still read and emptied by the re-roll: during a rolling upgrade an instance of the
-- version before writes it. This version no longer writes it.
--
-- No index: the re-roll takes whatever rows are there (a queue of one round) by a sequential scan. A new, empty
-- table: no lock on any table ingest writes.
CREATE TABLE usage_late_hours (
    tenant_id varchar(63) NOT NULL,
    hour timestamptz NOT NULL,
    session_ids bytea NOT NULL,
    CONSTRAINT usage_late_hours_ids_ck CHECK (octet_length(session_ids) > 0 AND octet_length(session_ids) % 16 = 0)
);
-- [jooq ignore start]
ALTER TABLE usage_late_hours ALTER COLUMN session_ids SET STORAGE EXTERNAL;
-- [jooq ignore stop]
