-- Token privileges (issue 11): the "all" marker, an optional name, tenants:manage for the operator tenant only,
-- and the audit of token changes. last_used_at (V1) is now written, at most once a minute per token.

-- all_permissions: the token holds every permission its tenant may hold, including those a later release adds.
-- Such a token keeps an empty list: the marker is the truth, never a list of one release's permissions.
ALTER TABLE api_tokens ADD COLUMN all_permissions boolean NOT NULL DEFAULT false;
-- A label for people ("billing export"); optional.
ALTER TABLE api_tokens ADD COLUMN name text;

-- One row per change of a token: issued, revoked, or changed by the service itself (bootstrap, this migration).
-- tenant_id is the tenant of the token concerned; actor_* is the token that acted (null: the service itself) and
-- ip_address the client's address when the API knew it. The secret's hash is never copied here.
CREATE TABLE token_audit (
  tenant_id         varchar(63) NOT NULL,
  id                bigint      GENERATED ALWAYS AS IDENTITY,
  occurred_at       timestamptz NOT NULL,
  action            varchar(16) NOT NULL,
  token_id          uuid        NOT NULL,
  token_name        text,
  all_permissions   boolean     NOT NULL,
  permissions       text[]      NOT NULL,
  actor_tenant_id   varchar(63),
  actor_token_id    uuid,
  ip_address        inet,
  note              text,
  CONSTRAINT token_audit_pk PRIMARY KEY (tenant_id, id),
  CONSTRAINT token_audit_action_ck CHECK (action IN ('ISSUED', 'REVOKED', 'CHANGED'))
);

-- [jooq ignore start]
-- A tenant reads the events of its tokens (the primary key) and those its tokens caused (this index).
CREATE INDEX token_audit_actor_idx ON token_audit (actor_tenant_id, id);

-- tenants:manage reaches across tenants, so only tokens of the operator tenant 'default' may hold it. Until now
-- it could be issued to any tenant's token: take it away, and say so in the audit.
INSERT INTO token_audit (tenant_id, occurred_at, action, token_id, token_name, all_permissions, permissions, note)
SELECT tenant_id, now(), 'CHANGED', id, name, false, array_remove(permissions, 'tenants:manage'),
       'migration V4: tenants:manage removed, only tokens of tenant default may hold it'
  FROM api_tokens
 WHERE tenant_id <> 'default' AND 'tenants:manage' = ANY (permissions);
UPDATE api_tokens SET permissions = array_remove(permissions, 'tenants:manage')
 WHERE tenant_id <> 'default' AND 'tenants:manage' = ANY (permissions);

-- A token whose list names every permission of this release its tenant may hold (all seven in tenant 'default',
-- the six but tenants:manage elsewhere) was issued as "everything": it becomes "all", so that it also holds what
-- later releases add. The bootstrap token is one of them.
CREATE TEMPORARY TABLE v4_every_permission ON COMMIT DROP AS
SELECT t.tenant_id, t.id
  FROM api_tokens t
 WHERE t.permissions @> CASE WHEN t.tenant_id = 'default'
                             THEN ARRAY['dashboard:active_sessions', 'routers:disconnect', 'sessions:manage',
                                        'nas:manage', 'customers:manage', 'tokens:manage', 'tenants:manage']
                             ELSE ARRAY['dashboard:active_sessions', 'routers:disconnect', 'sessions:manage',
                                        'nas:manage', 'customers:manage', 'tokens:manage'] END;
UPDATE api_tokens t SET all_permissions = true, permissions = '{}'
  FROM v4_every_permission e
 WHERE t.tenant_id = e.tenant_id AND t.id = e.id;
INSERT INTO token_audit (tenant_id, occurred_at, action, token_id, token_name, all_permissions, permissions, note)
SELECT t.tenant_id, now(), 'CHANGED', t.id, t.name, true, '{}',
       'migration V4: held every permission, now all (including those later releases add)'
  FROM api_tokens t JOIN v4_every_permission e ON t.tenant_id = e.tenant_id AND t.id = e.id;

-- What the service keeps, the database keeps too.
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_operator_only_ck
  CHECK (tenant_id = 'default' OR NOT ('tenants:manage' = ANY (permissions)));
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_all_is_a_marker_ck
  CHECK (NOT all_permissions OR cardinality(permissions) = 0);
-- [jooq ignore stop]
