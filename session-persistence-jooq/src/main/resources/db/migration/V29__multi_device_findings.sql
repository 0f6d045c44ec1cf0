-- Multi-device findings as the last scan made them (issue 16, ADR 0048). The analytics job judges each tenant's
-- candidate users (MultiDeviceRule) and replaces the tenant's rows here in one transaction; a request reads one
-- page of them by score, then the evidence sessions by key. At 10M sessions with every user online twice, judging
-- per request took 1.1-1.6 s; a page of stored findings is read in a few milliseconds (docs/benchmarks.md).
--
-- The scan's row keeps how many findings it stored, so that a page does not count 50,000 rows to say so.
-- Evidence is kept as session ids (in the order shown): the request reads those sessions as they are now.
-- Online: new tables, nothing else touched.
CREATE TABLE multi_device_scans (
  tenant_id    varchar(63) NOT NULL,
  scanned_at   timestamptz NOT NULL,
  window_secs  integer     NOT NULL,
  min_macs     integer     NOT NULL,
  candidates   integer     NOT NULL,
  truncated    boolean     NOT NULL,
  took_ms      bigint      NOT NULL,
  findings     integer     NOT NULL,
  CONSTRAINT multi_device_scans_pk PRIMARY KEY (tenant_id)
);

CREATE TABLE multi_device_findings (
  tenant_id        varchar(63)  NOT NULL,
  username         varchar(253) NOT NULL,
  score            integer      NOT NULL,
  reasons          text[]       NOT NULL,
  active_sessions  integer      NOT NULL,
  randomized_macs  integer      NOT NULL,
  evidence         uuid[]       NOT NULL,
  CONSTRAINT multi_device_findings_pk PRIMARY KEY (tenant_id, username),
  CONSTRAINT multi_device_findings_score_ck CHECK (score BETWEEN 0 AND 100)
);

-- A page: the tenant's findings by score, highest first, then User-Name.
CREATE INDEX multi_device_findings_rank_idx ON multi_device_findings (tenant_id, score DESC, username);
