-- An interim's progress is not counted (docs/adr/0068-an-interims-progress-not-counted.md). The counters' update
-- trigger (V2, V36) adds "rows after minus rows before" for every UPDATE of sessions. The interims' progress statement
-- (SessionUpsert.PROGRESS, nearly every packet) changes none of the columns it counts (tenant, NAS, connection type,
-- stop time, start time), so every call grouped both transition tables to find nothing to add: about 90 us of
-- PostgreSQL's CPU for 90 rows, about 1 us a packet (docs/benchmarks.md).
--
-- The statement now says so itself: its text begins with the marker below, and the function returns at once for a
-- statement that begins with it and holds no second statement (a multi-statement query string is one current_query(),
-- so a marked first statement must not let a second go uncounted). Only the service writes the marker, and only on
-- a statement whose SET list names no counted column (SessionUpsert's test checks that list); a person who can run
-- SQL with it could as well write the counter tables. PostgreSQL still fills the transition tables for the statement
-- (it does so for any UPDATE while the trigger exists); the grouping, the two upserts and the counter slot's lock
-- are what is saved.
--
-- Online: CREATE OR REPLACE keeps the function's identity, so its triggers (on sessions and sessions_history) need no
-- change and no table is locked; a running statement finishes with the old function.
-- [jooq ignore start]
SET LOCAL lock_timeout = '5s';

CREATE OR REPLACE FUNCTION sessions_counted_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  query text := current_query();
  taken smallint;
BEGIN
  IF starts_with(query, '/* sessionkeeper: no counted column */') AND strpos(query, ';') = 0 THEN
    RETURN NULL;
  END IF;
  taken := session_counter_slot();
  INSERT INTO session_counts AS c (tenant_id, nas_id, connection_type, slot, all_sessions, open_sessions)
  SELECT tenant_id, nas_id, connection_type, taken, sum(d_all), sum(d_open)
  FROM (SELECT tenant_id, nas_id, connection_type, 1 AS d_all, (stop_time IS NULL)::int AS d_open FROM new_rows
        UNION ALL
        SELECT tenant_id, nas_id, connection_type, -1, -(stop_time IS NULL)::int FROM old_rows) d
  GROUP BY tenant_id, nas_id, connection_type
  HAVING sum(d_all) <> 0 OR sum(d_open) <> 0
  ORDER BY tenant_id, nas_id, connection_type
  ON CONFLICT (tenant_id, nas_id, connection_type, slot) DO UPDATE
    SET all_sessions = c.all_sessions + EXCLUDED.all_sessions, open_sessions = c.open_sessions + EXCLUDED.open_sessions;
  INSERT INTO session_start_counts AS c (tenant_id, bucket, slot, started)
  SELECT tenant_id, bucket, taken, sum(d)
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
-- [jooq ignore stop]
