-- The last accounting of each NAS (issue 15: NAS_SILENT alerts; analytics and the dashboard read it for NAS health).
-- One small row per NAS, upserted once per accounting batch for the NAS of that batch (NasActivityUpsert), and not
-- even that when this instance wrote the same NAS less than a second before. Never derived from sessions.last_update:
-- an index on it would end the HOT updates of interim accounting (docs/adr/0007, 0027).
--
-- No foreign key to nas, as for sessions: accounting is never refused for a row elsewhere, and a NAS removed and
-- registered again keeps its id's history.
CREATE TABLE nas_activity (
  nas_id              uuid        NOT NULL,
  tenant_id           varchar(63) NOT NULL,
  last_accounting_at  timestamptz NOT NULL,
  CONSTRAINT nas_activity_pk PRIMARY KEY (nas_id)
);
