-- "Who had this address at that instant?" (issue 17, GET /api/sessions/by-ip): one row per look-up, written before
-- the answer leaves (a look-up whose record cannot be written is not answered). Such a question names a subscriber to
-- someone outside the ISP (an abuse desk, an authority), so who asked (tenant, token, client address), what (the
-- address and the instant) and when, and how many sessions the answer named, are kept.
--
-- No foreign keys, as for the other tables of tenant data: the record outlives the token it names.
-- Online: a new table, nothing else touched.
CREATE TABLE address_lookup_audit (
  tenant_id       varchar(63) NOT NULL,
  id              bigint      GENERATED ALWAYS AS IDENTITY,
  asked_at        timestamptz NOT NULL,
  token_id        uuid,
  client_address  inet,
  address         inet        NOT NULL,
  address_at      timestamptz NOT NULL,
  found           integer     NOT NULL,
  CONSTRAINT address_lookup_audit_pk PRIMARY KEY (tenant_id, id),
  CONSTRAINT address_lookup_audit_found_ck CHECK (found >= 0)
);
