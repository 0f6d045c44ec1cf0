-- Session exports (issue 14): one row per export of session history (CSV, PDF), written before the first row leaves
-- and completed when the export ends, so that an export that never finished (the process died under it) still shows,
-- as RUNNING. Who (tenant, token, client address), with which criteria (the filters of the listing and the calendar
-- days, with the zone they were counted in), in which format, how many rows, how it ended.
--
-- No foreign keys, as for the other tables of tenant data: the record outlives the token, customer and NAS it names.
CREATE TABLE export_audit (
  tenant_id    varchar(63) NOT NULL,
  id           bigint      GENERATED ALWAYS AS IDENTITY,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz,
  token_id     uuid,
  ip_address   inet,
  format       varchar(16) NOT NULL,
  status       varchar(16) NOT NULL,
  customer_id  uuid,
  nas_id       uuid,
  search       text,
  start_date   date,
  end_date     date,
  time_zone    text        NOT NULL,
  overlap      boolean     NOT NULL,
  row_count    bigint      NOT NULL DEFAULT 0,
  outcome      varchar(16) NOT NULL,
  CONSTRAINT export_audit_pk PRIMARY KEY (tenant_id, id),
  CONSTRAINT export_audit_status_ck CHECK (status IN ('ACTIVE', 'COMPLETED', 'ALL')),
  CONSTRAINT export_audit_outcome_ck CHECK (outcome IN ('RUNNING', 'COMPLETED', 'INTERRUPTED', 'FAILED')),
  CONSTRAINT export_audit_rows_ck CHECK (row_count >= 0)
);
