-- Schema of the session service. Every primary and unique key carries tenant_id, so the tables can later be
-- distributed by tenant; the one exception is nas.ip_address (a RADIUS client is identified by its source
-- address across all tenants). Timestamps are timestamptz (instants, UTC), counters bigint.
--
-- jOOQ generates its classes from these scripts (DDLDatabase, see pom.xml). Statements its parser does not
-- understand (operator classes, INCLUDE, storage parameters) sit between "[jooq ignore start]" and
-- "[jooq ignore stop]": PostgreSQL runs them, the code generator skips them. Only indexes and storage
-- parameters are hidden that way, never columns.

-- Tenants are created by the service (TenantDirectory.createIfAbsent), not seeded here. The other tables carry
-- tenant_id without a foreign key: accounting of a NAS is never refused for want of a tenant row, and there is no
-- cross-table check to keep when the tables are later distributed by tenant.
CREATE TABLE tenants (
  id          varchar(63) NOT NULL,
  name        text        NOT NULL,
  time_zone   text        NOT NULL DEFAULT 'UTC',
  created_at  timestamptz NOT NULL DEFAULT current_timestamp,
  CONSTRAINT tenants_pk PRIMARY KEY (id)
);

-- API tokens are stored hashed (the service hashes the secret; the clear token is shown once, when issued).
-- permissions holds Permission codes.
CREATE TABLE api_tokens (
  tenant_id     varchar(63) NOT NULL,
  id            uuid        NOT NULL,
  token_hash    text        NOT NULL,
  permissions   text[]      NOT NULL,
  created_at    timestamptz NOT NULL,
  last_used_at  timestamptz,
  CONSTRAINT api_tokens_pk PRIMARY KEY (tenant_id, id)
);

-- A request presents a token without saying its tenant, so it is found by hash alone; hashes of random secrets
-- do not collide, and the tenant in the key keeps the rule "every unique key carries the tenant".
-- [jooq ignore start]
CREATE UNIQUE INDEX api_tokens_hash_uk ON api_tokens (token_hash, tenant_id);
-- [jooq ignore stop]

CREATE TABLE nas (
  tenant_id                 varchar(63) NOT NULL,
  id                        uuid    NOT NULL,
  name                      text    NOT NULL,
  ip_address                inet    NOT NULL,
  secret                    text    NOT NULL,
  coa_port                  integer NOT NULL DEFAULT 3799,
  vendor                    text    NOT NULL DEFAULT 'OTHER',
  connection_type_override  text,
  counters_reversed         boolean NOT NULL DEFAULT false,
  identifier                text,
  proxy                     boolean NOT NULL DEFAULT false,
  CONSTRAINT nas_pk PRIMARY KEY (tenant_id, id),
  CONSTRAINT nas_coa_port_ck CHECK (coa_port BETWEEN 1 AND 65535),
  CONSTRAINT nas_vendor_ck CHECK (vendor IN ('MIKROTIK', 'CISCO', 'JUNIPER', 'OTHER')),
  CONSTRAINT nas_connection_type_override_ck
    CHECK (connection_type_override IS NULL OR connection_type_override IN ('PPPOE', 'HOTSPOT', 'OTHER'))
);

-- The documented exception to "every unique key carries the tenant": RADIUS identifies a client by its source
-- address, so an address belongs to one NAS across all tenants.
CREATE UNIQUE INDEX nas_ip_address_uk ON nas (ip_address);

CREATE TABLE customers (
  tenant_id       varchar(63) NOT NULL,
  id              uuid    NOT NULL,
  username        varchar(253) NOT NULL,
  name            text    NOT NULL,
  phone           text,
  email           text,
  package_name    text,
  download_speed  integer,
  upload_speed    integer,
  CONSTRAINT customers_pk PRIMARY KEY (tenant_id, id),
  CONSTRAINT customers_username_uk UNIQUE (tenant_id, username),
  CONSTRAINT customers_package_ck
    CHECK ((package_name IS NULL) = (download_speed IS NULL) AND (package_name IS NULL) = (upload_speed IS NULL))
);

-- One row per accounting session. nas_id has no foreign key: a session outlives the NAS registration it came
-- through (its view then shows no NAS).
CREATE TABLE sessions (
  tenant_id             varchar(63) NOT NULL,
  id                    uuid        NOT NULL,
  nas_id                uuid        NOT NULL,
  session_key           uuid        NOT NULL,
  acct_session_id       text        NOT NULL,
  username              varchar(253) NOT NULL,
  framed_ip             inet,
  mac_address           macaddr,
  connection_type       text        NOT NULL,
  start_time            timestamptz NOT NULL,
  stop_time             timestamptz,
  last_update           timestamptz NOT NULL,
  download_octets       bigint      NOT NULL DEFAULT 0,
  upload_octets         bigint      NOT NULL DEFAULT 0,
  download_packets      bigint      NOT NULL DEFAULT 0,
  upload_packets        bigint      NOT NULL DEFAULT 0,
  session_time          bigint      NOT NULL DEFAULT 0,
  terminate_cause       text,
  terminate_cause_code  integer,
  terminated_by         text,
  called_station_id     text,
  nas_port_id           text,
  host_ip               inet,
  rate_limit            text,
  CONSTRAINT sessions_pk PRIMARY KEY (tenant_id, id),
  CONSTRAINT sessions_connection_type_ck CHECK (connection_type IN ('PPPOE', 'HOTSPOT', 'OTHER')),
  CONSTRAINT sessions_stop_after_start_ck CHECK (stop_time IS NULL OR stop_time >= start_time),
  CONSTRAINT sessions_last_update_ck CHECK (last_update >= start_time),
  CONSTRAINT sessions_counters_ck CHECK (download_octets >= 0 AND upload_octets >= 0
    AND download_packets >= 0 AND upload_packets >= 0 AND session_time >= 0),
  CONSTRAINT sessions_terminated_by_ck CHECK (terminated_by IS NULL OR terminated_by IN ('nas', 'service')),
  CONSTRAINT sessions_cause_only_when_stopped_ck CHECK (terminate_cause IS NULL OR stop_time IS NOT NULL)
);

-- Interim samples for bandwidth graphs (roadmap; not written yet).
CREATE TABLE session_samples (
  tenant_id        varchar(63) NOT NULL,
  session_id       uuid        NOT NULL,
  sampled_at       timestamptz NOT NULL,
  download_octets  bigint      NOT NULL,
  upload_octets    bigint      NOT NULL,
  CONSTRAINT session_samples_pk PRIMARY KEY (tenant_id, session_id, sampled_at)
);

-- [jooq ignore start]
-- Interim updates rewrite a session row every few minutes. Leaving a fifth of each page free lets them be HOT
-- updates (no new index entries); see docs/adr/0007-hot-friendly-session-indexes.md.
ALTER TABLE sessions SET (fillfactor = 80);

-- At most one open session per key: the last line of defence behind the advisory locks of the writers.
CREATE UNIQUE INDEX sessions_open_key_uk ON sessions (tenant_id, session_key) WHERE stop_time IS NULL;

-- SessionWrites.findLatest: the newest session of a key, open or closed.
CREATE INDEX sessions_key_start_idx ON sessions (session_key, start_time DESC);

-- Listing a tenant's active sessions, newest first, without touching completed history; INCLUDE lets the
-- statistics (active by NAS and connection type) count from the index alone.
CREATE INDEX sessions_open_tenant_start_idx ON sessions (tenant_id, start_time DESC, id DESC)
  INCLUDE (nas_id, connection_type) WHERE stop_time IS NULL;

-- Listing all (and completed) sessions newest first; sessions started since an instant (statistics).
CREATE INDEX sessions_tenant_start_idx ON sessions (tenant_id, start_time DESC, id DESC);

-- Completed sessions by stop time: per tenant and across tenants (retention, archiving).
CREATE INDEX sessions_tenant_stop_idx ON sessions (tenant_id, stop_time) WHERE stop_time IS NOT NULL;
CREATE INDEX sessions_stop_idx ON sessions (stop_time) WHERE stop_time IS NOT NULL;

-- The sessions of a user (filter by username, or by customer through its username), newest first.
CREATE INDEX sessions_tenant_username_idx ON sessions (tenant_id, username, start_time DESC);

-- Search: User-Name prefix ignoring case, Acct-Session-Id ignoring case, framed IP.
CREATE INDEX sessions_tenant_username_prefix_idx ON sessions (tenant_id, lower(username) text_pattern_ops);
CREATE INDEX sessions_tenant_acct_session_id_idx ON sessions (tenant_id, lower(acct_session_id));
CREATE INDEX sessions_tenant_framed_ip_idx ON sessions (tenant_id, framed_ip);

-- Filter by NAS.
CREATE INDEX sessions_tenant_nas_start_idx ON sessions (tenant_id, nas_id, start_time DESC);

-- Stale cleanup across tenants: open sessions oldest first (the scan filters last_update, which is not indexed
-- on purpose: docs/adr/0007-hot-friendly-session-indexes.md).
CREATE INDEX sessions_open_start_idx ON sessions (start_time) WHERE stop_time IS NULL;

-- The open sessions of one NAS: Accounting-On/Off closes them all; a Start from a device (NAS, user, MAC) closes
-- that device's older open session. NAS ids are random UUIDs, so the tenant is not needed to find them.
CREATE INDEX sessions_open_nas_user_idx ON sessions (nas_id, username) WHERE stop_time IS NULL;
-- [jooq ignore stop]
