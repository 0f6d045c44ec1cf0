-- Roll-ups of the usage samples (issue 13), computed off the accounting path by the usage roll-up job
-- (UsageRollups) over whole UTC hours, from the samples, with the rule of the session series
-- (BandwidthSeriesBuilder): octets of an interval between two samples spread over 15-minute buckets by overlap.
-- Every row is recomputed from samples (or from the rows below it) and written with INSERT … ON CONFLICT DO UPDATE
-- SET to the recomputed value: running a roll-up twice, or again after a late sample, never changes a total by
-- more than the late sample brought. Retention (UsageMaintenance): session rows until the session is archived,
-- NAS and tenant rows 13 months, customer hours 90 days, customer days 13 months. Sizes: docs/usage-history.md.

-- How far the roll-ups went (one row). claimed_until: the job has taken the hours before it (a sample older than it
-- is late: the accounting statement queues its hour in usage_dirty_hours); rolled_until: the hours before it are in
-- the roll-ups (what the API reads from them). claimed_until moves first, in a transaction of its own, and the job
-- waits for every write transaction older than that to end before it reads the hour, so that no sample falls between
-- the two (UsageRollups).
CREATE TABLE usage_rollup_state (
  id             smallint    NOT NULL,
  claimed_until  timestamptz NOT NULL,
  rolled_until   timestamptz NOT NULL,
  CONSTRAINT usage_rollup_state_pk PRIMARY KEY (id),
  CONSTRAINT usage_rollup_state_one_ck CHECK (id = 1)
);
-- [jooq ignore start]
INSERT INTO usage_rollup_state (id, claimed_until, rolled_until)
VALUES (1, TIMESTAMPTZ '1970-01-01 00:00:00+00', TIMESTAMPTZ '1970-01-01 00:00:00+00');
-- [jooq ignore stop]

-- Hours of sessions that received a sample after they were claimed (a late packet): the accounting statement adds
-- them (rarely: only samples older than claimed_until), the roll-up job re-rolls and removes them.
CREATE TABLE usage_dirty_hours (
  tenant_id   varchar(63) NOT NULL,
  session_id  uuid        NOT NULL,
  hour        timestamptz NOT NULL,
  CONSTRAINT usage_dirty_hours_pk PRIMARY KEY (tenant_id, session_id, hour)
);

-- A session's traffic per UTC hour, by quarter (q1 = :00-:15 … q4 = :45-:60): the octets of each quarter and which
-- quarters had data (bits 1, 2, 4, 8), with the session's NAS and User-Name so that the NAS, tenant and customer
-- rows of an hour are one GROUP BY over this table.
CREATE TABLE usage_session_hours (
  tenant_id    varchar(63)  NOT NULL,
  session_id   uuid         NOT NULL,
  hour         timestamptz  NOT NULL,
  nas_id       uuid         NOT NULL,
  username     varchar(253) NOT NULL,
  down_q1      bigint       NOT NULL,
  down_q2      bigint       NOT NULL,
  down_q3      bigint       NOT NULL,
  down_q4      bigint       NOT NULL,
  up_q1        bigint       NOT NULL,
  up_q2        bigint       NOT NULL,
  up_q3        bigint       NOT NULL,
  up_q4        bigint       NOT NULL,
  quarters     smallint     NOT NULL,
  CONSTRAINT usage_session_hours_pk PRIMARY KEY (tenant_id, session_id, hour)
);
CREATE INDEX usage_session_hours_hour_idx ON usage_session_hours (tenant_id, hour);

-- A NAS's and a tenant's traffic per 15-minute bucket, and the sessions with data in it (concurrent sessions).
CREATE TABLE usage_nas_quarters (
  tenant_id        varchar(63) NOT NULL,
  nas_id           uuid        NOT NULL,
  bucket           timestamptz NOT NULL,
  download_octets  bigint      NOT NULL,
  upload_octets    bigint      NOT NULL,
  sessions         integer     NOT NULL,
  CONSTRAINT usage_nas_quarters_pk PRIMARY KEY (tenant_id, nas_id, bucket)
);

CREATE TABLE usage_tenant_quarters (
  tenant_id        varchar(63) NOT NULL,
  bucket           timestamptz NOT NULL,
  download_octets  bigint      NOT NULL,
  upload_octets    bigint      NOT NULL,
  sessions         integer     NOT NULL,
  CONSTRAINT usage_tenant_quarters_pk PRIMARY KEY (tenant_id, bucket)
);

-- A customer's (User-Name's) traffic per UTC hour and per UTC day, all its sessions summed.
CREATE TABLE usage_customer_hours (
  tenant_id        varchar(63)  NOT NULL,
  username         varchar(253) NOT NULL,
  hour             timestamptz  NOT NULL,
  download_octets  bigint       NOT NULL,
  upload_octets    bigint       NOT NULL,
  sessions         integer      NOT NULL,
  CONSTRAINT usage_customer_hours_pk PRIMARY KEY (tenant_id, username, hour)
);

CREATE TABLE usage_customer_days (
  tenant_id        varchar(63)  NOT NULL,
  username         varchar(253) NOT NULL,
  day              timestamptz  NOT NULL,
  download_octets  bigint       NOT NULL,
  upload_octets    bigint       NOT NULL,
  sessions         integer      NOT NULL,
  CONSTRAINT usage_customer_days_pk PRIMARY KEY (tenant_id, username, day)
);
