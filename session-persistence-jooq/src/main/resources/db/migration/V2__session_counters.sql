-- Pre-aggregated counts of sessions, kept by triggers on sessions in the same transaction as the rows they count,
-- so that statistics and the totals of unfiltered listings cost a few dozen rows instead of a scan that grows
-- with history (at 1,000,000 sessions: stats 391-717 ms, an unfiltered total 336 ms; see docs/benchmarks.md and
-- docs/adr/0016-session-counters-kept-by-triggers.md).
--
-- Triggers rather than the Java writer: every path that changes sessions (accounting upserts, Accounting-On/Off,
-- stale cleanup, force-disconnect, an operator's manual UPDATE or DELETE, a bulk seed) is counted the same way.
--
-- slot spreads the rows one writer touches from another's: each backend adds to its own slot (its pid modulo 4),
-- so two writer connections rarely wait for each other's row lock; readers sum the slots.

-- Sessions and open sessions per tenant, NAS and connection type.
CREATE TABLE session_counts (
  tenant_id        varchar(63) NOT NULL,
  nas_id           uuid        NOT NULL,
  connection_type  varchar(16) NOT NULL,
  slot             smallint    NOT NULL,
  all_sessions     bigint      NOT NULL,
  open_sessions    bigint      NOT NULL,
  CONSTRAINT session_counts_pk PRIMARY KEY (tenant_id, nas_id, connection_type, slot)
);

-- Sessions started per tenant and quarter of an hour (UTC, from the Unix epoch): every time zone in use is a
-- whole number of quarter hours from UTC, so "since local midnight" is a sum of whole buckets.
CREATE TABLE session_start_counts (
  tenant_id  varchar(63) NOT NULL,
  bucket     timestamptz NOT NULL,
  slot       smallint    NOT NULL,
  started    bigint      NOT NULL,
  CONSTRAINT session_start_counts_pk PRIMARY KEY (tenant_id, bucket, slot)
);

-- [jooq ignore start]
-- Adds the difference between the rows after and before a statement. Statement-level triggers with transition
-- tables: one aggregate per statement (a batch of 500 accounting rows costs one grouped upsert, and an interim
-- update, which changes no counted column, nothing at all). Rows are upserted in key order, so two transactions
-- that share a slot lock counter rows in the same order.
CREATE FUNCTION sessions_counted_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO session_counts AS c (tenant_id, nas_id, connection_type, slot, all_sessions, open_sessions)
  SELECT tenant_id, nas_id, connection_type, pg_backend_pid() % 4, count(*), count(*) FILTER (WHERE stop_time IS NULL)
  FROM new_rows GROUP BY tenant_id, nas_id, connection_type ORDER BY tenant_id, nas_id, connection_type
  ON CONFLICT (tenant_id, nas_id, connection_type, slot) DO UPDATE
    SET all_sessions = c.all_sessions + EXCLUDED.all_sessions, open_sessions = c.open_sessions + EXCLUDED.open_sessions;
  INSERT INTO session_start_counts AS c (tenant_id, bucket, slot, started)
  SELECT tenant_id, date_bin('15 minutes', start_time, TIMESTAMPTZ 'epoch'), pg_backend_pid() % 4, count(*)
  FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (tenant_id, bucket, slot) DO UPDATE SET started = c.started + EXCLUDED.started;
  RETURN NULL;
END
$$;

CREATE FUNCTION sessions_counted_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO session_counts AS c (tenant_id, nas_id, connection_type, slot, all_sessions, open_sessions)
  SELECT tenant_id, nas_id, connection_type, pg_backend_pid() % 4, sum(d_all), sum(d_open)
  FROM (SELECT tenant_id, nas_id, connection_type, 1 AS d_all, (stop_time IS NULL)::int AS d_open FROM new_rows
        UNION ALL
        SELECT tenant_id, nas_id, connection_type, -1, -(stop_time IS NULL)::int FROM old_rows) d
  GROUP BY tenant_id, nas_id, connection_type
  HAVING sum(d_all) <> 0 OR sum(d_open) <> 0
  ORDER BY tenant_id, nas_id, connection_type
  ON CONFLICT (tenant_id, nas_id, connection_type, slot) DO UPDATE
    SET all_sessions = c.all_sessions + EXCLUDED.all_sessions, open_sessions = c.open_sessions + EXCLUDED.open_sessions;
  INSERT INTO session_start_counts AS c (tenant_id, bucket, slot, started)
  SELECT tenant_id, bucket, pg_backend_pid() % 4, sum(d)
  FROM (SELECT tenant_id, date_bin('15 minutes', start_time, TIMESTAMPTZ 'epoch') AS bucket, 1 AS d FROM new_rows
        UNION ALL
        SELECT tenant_id, date_bin('15 minutes', start_time, TIMESTAMPTZ 'epoch'), -1 FROM old_rows) d
  GROUP BY tenant_id, bucket
  HAVING sum(d) <> 0
  ORDER BY tenant_id, bucket
  ON CONFLICT (tenant_id, bucket, slot) DO UPDATE SET started = c.started + EXCLUDED.started;
  RETURN NULL;
END
$$;

CREATE FUNCTION sessions_counted_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO session_counts AS c (tenant_id, nas_id, connection_type, slot, all_sessions, open_sessions)
  SELECT tenant_id, nas_id, connection_type, pg_backend_pid() % 4, -count(*), -count(*) FILTER (WHERE stop_time IS NULL)
  FROM old_rows GROUP BY tenant_id, nas_id, connection_type ORDER BY tenant_id, nas_id, connection_type
  ON CONFLICT (tenant_id, nas_id, connection_type, slot) DO UPDATE
    SET all_sessions = c.all_sessions + EXCLUDED.all_sessions, open_sessions = c.open_sessions + EXCLUDED.open_sessions;
  INSERT INTO session_start_counts AS c (tenant_id, bucket, slot, started)
  SELECT tenant_id, date_bin('15 minutes', start_time, TIMESTAMPTZ 'epoch'), pg_backend_pid() % 4, -count(*)
  FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (tenant_id, bucket, slot) DO UPDATE SET started = c.started + EXCLUDED.started;
  RETURN NULL;
END
$$;

CREATE FUNCTION sessions_counted_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM session_counts;
  DELETE FROM session_start_counts;
  RETURN NULL;
END
$$;

CREATE TRIGGER sessions_counted_after_insert AFTER INSERT ON sessions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sessions_counted_after_insert();
CREATE TRIGGER sessions_counted_after_update AFTER UPDATE ON sessions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sessions_counted_after_update();
CREATE TRIGGER sessions_counted_after_delete AFTER DELETE ON sessions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sessions_counted_after_delete();
CREATE TRIGGER sessions_counted_after_truncate AFTER TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION sessions_counted_after_truncate();

-- The sessions already stored (the triggers exist from here on; the migration's transaction holds the lock that
-- CREATE TRIGGER took, so no write slips between the two).
INSERT INTO session_counts (tenant_id, nas_id, connection_type, slot, all_sessions, open_sessions)
SELECT tenant_id, nas_id, connection_type, 0, count(*), count(*) FILTER (WHERE stop_time IS NULL)
FROM sessions GROUP BY tenant_id, nas_id, connection_type;
INSERT INTO session_start_counts (tenant_id, bucket, slot, started)
SELECT tenant_id, date_bin('15 minutes', start_time, TIMESTAMPTZ 'epoch'), 0, count(*)
FROM sessions GROUP BY 1, 2;
-- [jooq ignore stop]
