-- Webhooks and their outbox (issue 15, docs/alerts.md).
--
-- secret_encrypted: the signing secret, encrypted like NAS secrets (AES-256-GCM under the service's keyring, bound
-- to (tenant, id): docs/adr/0019-secrets-encrypted-at-rest.md); rotate-key and the start-up key check cover it.
CREATE TABLE webhooks (
  tenant_id         varchar(63)  NOT NULL,
  id                uuid         NOT NULL,
  url               text         NOT NULL,
  description       text,
  enabled           boolean      NOT NULL,
  secret_encrypted  bytea        NOT NULL,
  created_at        timestamptz  NOT NULL,
  CONSTRAINT webhooks_pk PRIMARY KEY (tenant_id, id)
);

-- The outbox: one row per event and webhook, written in the transaction of the alert change that made the event, so
-- that a restart delivers what was queued before it. A worker claims due rows with FOR UPDATE SKIP LOCKED and moves
-- next_attempt_at a lease ahead (another instance skips them meanwhile); the row is also the delivery log.
CREATE TABLE webhook_deliveries (
  tenant_id        varchar(63)  NOT NULL,
  id               bigint       GENERATED ALWAYS AS IDENTITY,
  webhook_id       uuid         NOT NULL,
  event_id         uuid         NOT NULL,
  event_type       varchar(64)  NOT NULL,
  body             text         NOT NULL,
  status           varchar(16)  NOT NULL,
  attempts         integer      NOT NULL DEFAULT 0,
  created_at       timestamptz  NOT NULL,
  next_attempt_at  timestamptz,
  last_attempt_at  timestamptz,
  last_status      integer      NOT NULL DEFAULT 0,
  last_error       text,
  delivered_at     timestamptz,
  CONSTRAINT webhook_deliveries_pk PRIMARY KEY (tenant_id, id),
  CONSTRAINT webhook_deliveries_status_ck CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
  CONSTRAINT webhook_deliveries_event_uk UNIQUE (tenant_id, webhook_id, event_id)
);

-- [jooq ignore start]
-- The workers' claim: due pending deliveries, oldest due first.
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING';

-- The delivery log of a webhook, newest first.
CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (tenant_id, webhook_id, id DESC);
-- [jooq ignore stop]
