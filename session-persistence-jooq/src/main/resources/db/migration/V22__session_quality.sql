-- Session quality (issue 19, docs/quality.md, docs/adr/0041-session-quality-sources-and-buckets.md).
--
-- quality_buckets: one row per session, 5-minute UTC bucket and source (1 probe, 2 push), holding the bucket's raw
-- content: its round-trip times in ms (at most 3,600 kept; rtt_count counts all), echoes sent and lost (of the
-- measurements that counted them), and the sum and number of differences between consecutive round trips (jitter).
-- The figures (p50, p95, loss, jitter) are computed from it on reading, so that adding a measurement to a bucket, or
-- buckets to an hour, never averages averages. Kept 14 days (the quality job deletes older rows).
--
-- quality_hours: the same per UTC hour, recomputed (overwritten, never incremented) from the 5-minute rows by the
-- quality job for the hours that may still change; kept 90 days.
--
-- quality_states: each session's latest judged bucket and whether it was degraded, so that a crossing of the
-- operator's thresholds is recorded on the timeline once, whichever instance wrote the bucket.
--
-- No foreign keys, as for the other tables of tenant data.
CREATE TABLE quality_buckets (
  tenant_id      varchar(63)       NOT NULL,
  session_id     uuid              NOT NULL,
  bucket_start   timestamptz       NOT NULL,
  source         smallint          NOT NULL,
  rtt_ms         real[]            NOT NULL,
  rtt_count      integer           NOT NULL,
  sent           integer           NOT NULL,
  lost           integer           NOT NULL,
  jitter_sum_ms  double precision  NOT NULL,
  jitter_pairs   integer           NOT NULL,
  CONSTRAINT quality_buckets_pk PRIMARY KEY (tenant_id, session_id, bucket_start, source),
  CONSTRAINT quality_buckets_source_ck CHECK (source IN (1, 2)),
  CONSTRAINT quality_buckets_lost_ck CHECK (lost >= 0 AND lost <= sent)
);

CREATE TABLE quality_hours (
  tenant_id      varchar(63)       NOT NULL,
  session_id     uuid              NOT NULL,
  hour_start     timestamptz       NOT NULL,
  source         smallint          NOT NULL,
  rtt_ms         real[]            NOT NULL,
  rtt_count      integer           NOT NULL,
  sent           integer           NOT NULL,
  lost           integer           NOT NULL,
  jitter_sum_ms  double precision  NOT NULL,
  jitter_pairs   integer           NOT NULL,
  CONSTRAINT quality_hours_pk PRIMARY KEY (tenant_id, session_id, hour_start, source)
);

CREATE TABLE quality_states (
  tenant_id     varchar(63)  NOT NULL,
  session_id    uuid         NOT NULL,
  bucket_start  timestamptz  NOT NULL,
  degraded      boolean      NOT NULL,
  CONSTRAINT quality_states_pk PRIMARY KEY (tenant_id, session_id)
);

-- QUALITY_DEGRADED rules: loss threshold (null: not watched) and buckets in a row.
ALTER TABLE alert_rules ADD COLUMN quality_loss_percent double precision;
ALTER TABLE alert_rules ADD COLUMN quality_buckets smallint;

-- The timeline's quality line: 8 quality degraded, 9 quality recovered, with the bucket's figures (null: unknown).
ALTER TABLE session_events ADD COLUMN quality_rtt_p95_ms real;
ALTER TABLE session_events ADD COLUMN quality_loss_percent real;

-- [jooq ignore start]
-- The tenant's recent buckets (the alert sweep) and the retention's scan by time.
CREATE INDEX quality_buckets_tenant_start_idx ON quality_buckets (tenant_id, bucket_start);
CREATE INDEX quality_hours_start_idx ON quality_hours USING brin (hour_start);

-- NOT VALID: existing rows hold nothing new, and a scan of every event under a lock is not needed to know it.
SET LOCAL lock_timeout = '2s';
ALTER TABLE session_events DROP CONSTRAINT session_events_type_ck;
ALTER TABLE session_events ADD CONSTRAINT session_events_type_ck CHECK (type BETWEEN 1 AND 9) NOT VALID;
ALTER TABLE alert_rules DROP CONSTRAINT alert_rules_type_ck;
ALTER TABLE alert_rules ADD CONSTRAINT alert_rules_type_ck
  CHECK (type IN ('LONG_SESSION', 'HIGH_USAGE', 'MULTI_SESSION', 'STALE_SESSION', 'NAS_SILENT', 'QUALITY_DEGRADED'))
  NOT VALID;
-- [jooq ignore stop]
