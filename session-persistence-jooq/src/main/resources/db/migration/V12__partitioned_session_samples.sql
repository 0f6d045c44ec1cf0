-- Usage samples (issue 13): one row per Start, Interim-Update and Stop, written by the accounting unit of work in the
-- same transaction as the session (PostgresAccountingUnits → SessionSamplesAppend). The V1 table had no writer;
-- it is replaced by a table partitioned by day (declarative range partitions on sampled_at), so that the raw
-- retention drops whole partitions instead of deleting rows, and each day's index stays the size of a day.
--
-- Narrow rows: the session's tenant, id and time (the primary key: a retransmitted packet's sample conflicts and is
-- not stored twice; it is also the one index, serving a session's series), the cumulative octets in customer
-- direction, Acct-Session-Time and the kind of packet (1 Start, 2 Interim-Update, 3 Stop). NAS and User-Name are
-- the session's: a series of a NAS or a customer finds its sessions first. No other index on purpose (each costs
-- WAL on every interim) except a BRIN on sampled_at, a few pages per day, for the roll-up job's scan of an hour.
--
-- Partitions are made ahead by the usage maintenance job (UsageMaintenance), under an advisory lock; a sample whose
-- day has no partition lands in session_samples_default rather than failing its batch, and is counted and logged.
--
-- Online: `sessions` is not touched. The V1 table (never written) is renamed, its rows (if any) copied into the new
-- table and it is dropped; lock_timeout bounds the wait for the brief locks on session_samples.
--
-- jOOQ's code generator (DDLDatabase) sees a DROP of the old table and the new CREATE TABLE without its PARTITION BY
-- clause: the rename, the partitions and the copy are PostgreSQL's only.
-- [jooq ignore start]
SET LOCAL lock_timeout = '5s';
ALTER TABLE session_samples RENAME TO session_samples_v1;
ALTER TABLE session_samples_v1 RENAME CONSTRAINT session_samples_pk TO session_samples_v1_pk;
-- [jooq ignore stop]
DROP TABLE IF EXISTS session_samples;

CREATE TABLE session_samples (
  tenant_id        varchar(63) NOT NULL,
  session_id       uuid        NOT NULL,
  sampled_at       timestamptz NOT NULL,
  download_octets  bigint      NOT NULL,
  upload_octets    bigint      NOT NULL,
  session_time     bigint      NOT NULL,
  kind             smallint    NOT NULL,
  CONSTRAINT session_samples_pk PRIMARY KEY (tenant_id, session_id, sampled_at)
) /* [jooq ignore start] */ PARTITION BY RANGE (sampled_at) /* [jooq ignore stop] */;

-- [jooq ignore start]
ALTER TABLE session_samples ADD CONSTRAINT session_samples_kind_ck CHECK (kind BETWEEN 1 AND 3);
CREATE INDEX session_samples_at_brin ON session_samples USING brin (sampled_at);
CREATE TABLE session_samples_default PARTITION OF session_samples DEFAULT;

-- Today (UTC) and the next two days; the maintenance job keeps a week ahead from its first run.
DO $$
DECLARE
  day date := (now() AT TIME ZONE 'UTC')::date;
BEGIN
  FOR i IN 0..2 LOOP
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF session_samples FOR VALUES FROM (%L) TO (%L)',
      'session_samples_p' || to_char(day + i, 'YYYYMMDD'),
      ((day + i)::timestamp AT TIME ZONE 'UTC'),
      ((day + i + 1)::timestamp AT TIME ZONE 'UTC'));
  END LOOP;
END $$;

INSERT INTO session_samples (tenant_id, session_id, sampled_at, download_octets, upload_octets, session_time, kind)
SELECT tenant_id, session_id, sampled_at, download_octets, upload_octets, 0, 2 FROM session_samples_v1;
DROP TABLE session_samples_v1;
-- [jooq ignore stop]
