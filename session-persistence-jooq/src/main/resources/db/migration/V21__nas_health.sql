-- NAS health (issue 16).
--
-- Accounting packets per NAS and minute, upserted once per accounting batch by the accounting unit of work
-- (NasPacketMinutesUpsert) and summed by the NAS health request over the last hour. The writer column is the
-- PostgreSQL backend of the writing connection (pg_backend_pid()): no two transactions that run at the same time
-- share one, so two writers (or instances) counting the same NAS in the same minute never wait for each other's row
-- lock; the reader sums the writers. A retried batch runs in a new transaction, so a count is never doubled.
-- Kept two days (the concurrency job deletes older minutes).
CREATE TABLE nas_packet_minutes (
  nas_id     uuid        NOT NULL,
  minute     timestamptz NOT NULL,
  writer     integer     NOT NULL,
  tenant_id  varchar(63) NOT NULL,
  packets    bigint      NOT NULL,
  CONSTRAINT nas_packet_minutes_pk PRIMARY KEY (nas_id, minute, writer)
);

-- The last Accounting-On and Accounting-Off of each NAS, beside its last accounting (V15). Written only when such a
-- packet arrives (a NAS restart): never on the path of Start, Interim-Update or Stop.
-- [jooq ignore start]
SET LOCAL lock_timeout = '5s';
-- [jooq ignore stop]
ALTER TABLE nas_activity ADD COLUMN last_accounting_on_at timestamptz;
ALTER TABLE nas_activity ADD COLUMN last_accounting_off_at timestamptz;
