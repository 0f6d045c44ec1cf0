-- Time-weighted concurrency per UTC hour (issue 16: peak times), kept up to date by the concurrency roll-up job
-- (ConcurrencyRollup) from the sessions' start and stop times, never from the usage samples. A request sums at most
-- 24 rows per day of its window (90 days: 2,160 rows), for one NAS or for the tenant.
--
-- Each row holds the session time, in milliseconds, spent in each quarter of its hour (q1 = :00-:15 … q4 = :45-:60):
-- 900,000 in a quarter is one session open throughout it. Quarters, not hours, because zones of +5:30 and +5:45
-- begin their local hours on a UTC quarter; hours, not quarter rows, so that a request reads a fourth of the rows.
-- Decision: docs/adr/0037-concurrency-rollups.md.
--
-- How far the job counted (one row): open sessions are counted up to counted_until, closed ones to their stop.
-- backfill_from/backfill_to: the closed sessions that began in [backfill_from, backfill_to) before the job's first
-- run are still to be counted, a day per run, newest first (an installation with history gets its past).
CREATE TABLE concurrency_state (
  id             smallint    NOT NULL,
  counted_until  timestamptz,
  backfill_from  timestamptz,
  backfill_to    timestamptz,
  CONSTRAINT concurrency_state_pk PRIMARY KEY (id),
  CONSTRAINT concurrency_state_one_ck CHECK (id = 1)
);
-- [jooq ignore start]
INSERT INTO concurrency_state (id, counted_until, backfill_from, backfill_to) VALUES (1, NULL, NULL, NULL);
-- [jooq ignore stop]

-- What the job has counted of each session it must look at again: every open session (counted from counted_from
-- to the state's counted_until), and the closed ones that began within the job's reach (counted from counted_from
-- to counted_to), which a late Stop or a late first packet may still change. A run compares each with the session
-- and adds the difference; rows of closed sessions leave once they began before the reach. About the open sessions
-- plus those of the last hours: never a scan of history.
CREATE TABLE concurrency_tracked (
  tenant_id     varchar(63) NOT NULL,
  session_id    uuid        NOT NULL,
  nas_id        uuid        NOT NULL,
  counted_from  timestamptz NOT NULL,
  counted_to    timestamptz,
  CONSTRAINT concurrency_tracked_pk PRIMARY KEY (tenant_id, session_id)
);

CREATE TABLE concurrency_nas_hours (
  tenant_id  varchar(63) NOT NULL,
  nas_id     uuid        NOT NULL,
  hour       timestamptz NOT NULL,
  q1_ms      bigint      NOT NULL,
  q2_ms      bigint      NOT NULL,
  q3_ms      bigint      NOT NULL,
  q4_ms      bigint      NOT NULL,
  CONSTRAINT concurrency_nas_hours_pk PRIMARY KEY (tenant_id, nas_id, hour)
);

CREATE TABLE concurrency_tenant_hours (
  tenant_id  varchar(63) NOT NULL,
  hour       timestamptz NOT NULL,
  q1_ms      bigint      NOT NULL,
  q2_ms      bigint      NOT NULL,
  q3_ms      bigint      NOT NULL,
  q4_ms      bigint      NOT NULL,
  CONSTRAINT concurrency_tenant_hours_pk PRIMARY KEY (tenant_id, hour)
);
