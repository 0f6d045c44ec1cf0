-- The usage samples of an accounting unit, queued as one row a unit and tenant (docs/adr/0067-usage-samples-queued-by-the-unit-folded-by-a-job.md):
-- the unit writes the row in its transaction (an acknowledged packet's sample is as durable as its session), and the
-- fold job (UsageSampleFold) moves the samples into session_samples, a row a sample under its key, and deletes the row.
--
-- `samples` holds fixed 49-byte records, big-endian: session id (16 bytes), time in microseconds since the epoch (8),
-- download octets (8), upload octets (8), session time in seconds (8), flags (1: the kind, 1 Start, 2 Interim-Update,
-- 3 Stop, in the low bits; 128 when the unit knew the sample to be newer than any stored one of its session). Stored
-- uncompressed (STORAGE EXTERNAL): compressing ~16 kB a unit took PostgreSQL's CPU on the accounting path.
--
-- No index: the fold takes whatever rows are there (a queue of seconds) by a sequential scan. A new, empty table: no
-- lock on any table ingest writes.
CREATE TABLE usage_sample_batches (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    tenant_id varchar(63) NOT NULL,
    samples bytea NOT NULL,
    -- set by the fold when a batch alone fails on its data: kept for an operator, never folded again
    rejected_at timestamptz
);
-- [jooq ignore start]
ALTER TABLE usage_sample_batches ALTER COLUMN samples SET STORAGE EXTERNAL;
-- [jooq ignore stop]
