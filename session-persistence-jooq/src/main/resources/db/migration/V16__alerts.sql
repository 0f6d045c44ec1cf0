-- Alert rules and alerts (issue 15, docs/alerts.md).
--
-- No foreign keys, as for the other tables of tenant data: an alert outlives the rule, session and NAS it names.
CREATE TABLE alert_rules (
  tenant_id         varchar(63)  NOT NULL,
  id                uuid         NOT NULL,
  name              text         NOT NULL,
  type              varchar(32)  NOT NULL,
  threshold         bigint       NOT NULL,
  period            varchar(16)  NOT NULL,
  scope_kind        varchar(16)  NOT NULL,
  scope_value       text,
  severity          varchar(16)  NOT NULL,
  action            varchar(32)  NOT NULL,
  enabled           boolean      NOT NULL,
  dry_run           boolean      NOT NULL,
  renotify_seconds  bigint       NOT NULL,
  exempt_users      text[]       NOT NULL,
  created_at        timestamptz  NOT NULL,
  CONSTRAINT alert_rules_pk PRIMARY KEY (tenant_id, id),
  CONSTRAINT alert_rules_type_ck
    CHECK (type IN ('LONG_SESSION', 'HIGH_USAGE', 'MULTI_SESSION', 'STALE_SESSION', 'NAS_SILENT')),
  CONSTRAINT alert_rules_action_ck CHECK (action IN ('NOTIFY', 'AUTO_DISCONNECT'))
);

-- One row per firing of a rule for a subject (its key: session id, user, day/user or NAS id). disconnect_*: what
-- AUTO_DISCONNECT did (null for other rules).
CREATE TABLE alerts (
  tenant_id          varchar(63)  NOT NULL,
  id                 uuid         NOT NULL,
  rule_id            uuid         NOT NULL,
  rule_name          text         NOT NULL,
  rule_type          varchar(32)  NOT NULL,
  severity           varchar(16)  NOT NULL,
  subject_kind       varchar(16)  NOT NULL,
  subject_key        text         NOT NULL,
  session_id         uuid,
  username           text,
  nas_id             uuid,
  day                date,
  observed           bigint       NOT NULL,
  threshold          bigint       NOT NULL,
  fired_at           timestamptz  NOT NULL,
  last_notified_at   timestamptz  NOT NULL,
  resolved_at        timestamptz,
  acknowledged_at    timestamptz,
  acknowledged_by    uuid,
  disconnect_status  varchar(32),
  disconnect_detail  text,
  disconnect_at      timestamptz,
  CONSTRAINT alerts_pk PRIMARY KEY (tenant_id, id)
);

-- [jooq ignore start]
-- At most one open alert per rule and subject, whichever instance fires it: the second INSERT ... ON CONFLICT DO
-- NOTHING of the same firing inserts nothing.
CREATE UNIQUE INDEX alerts_open_uk ON alerts (tenant_id, rule_id, subject_key) WHERE resolved_at IS NULL;

-- GET /api/alerts: the tenant's newest first.
CREATE INDEX alerts_tenant_fired_idx ON alerts (tenant_id, fired_at DESC, id DESC);

-- The auto-disconnect guards: the tenant's disconnects of the last minute, the user's within the cool-down.
CREATE INDEX alerts_tenant_disconnect_idx ON alerts (tenant_id, disconnect_at) WHERE disconnect_at IS NOT NULL;
-- [jooq ignore stop]
