-- The counters' slot is taken, not hashed (docs/adr/0063-session-counter-slots-taken-not-hashed.md). V2 spread the
-- counter rows that transactions write over four slots by backend (pid modulo 4), so that two accounting writers
-- rarely wait for each other's row lock. Rarely is one time in four for two writers, and the writers borrow pooled
-- connections: in a benchmark run whose two writer backends had the same pid modulo 4, every Start and Stop statement
-- of one writer waited for the other's commit on the counter row of the NAS (695 waits over 2 ms in one run, the
-- Stops' statement 5.3 ms a call of which 1.1 ms in its plan), and the Starts and Stops of the ingest benchmark's
-- tail are exactly those statements.
--
-- Now a transaction takes the lowest of eight slots that no other transaction holds: the first it gets a
-- transaction-scoped advisory lock on (the two-key form, key 1 'SKCS'; every other advisory lock of the service is of
-- the one-key form, a separate key space). Up to eight transactions that write counters at once never wait for each
-- other's counter rows, and the slots in use are as many as the transactions that wrote counters at once (two for
-- the two accounting writers), so readers sum no more rows than before. A ninth waits as before, on the slot of its
-- backend (pid modulo 8): it holds no counter row, so it is never part of a cycle. Readers sum every slot, as before;
-- the rows of slots 0-3 written before stay valid.
--
-- Online: functions replaced (CREATE OR REPLACE keeps their identity, so the triggers need no change and no table
-- is locked); a running statement finishes with the old function, the next call takes the new one.
-- [jooq ignore start]
SET LOCAL lock_timeout = '5s';

CREATE FUNCTION session_counter_slot() RETURNS smallint LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  FOR s IN 0..7 LOOP
    IF pg_try_advisory_xact_lock(1397441363, s) THEN
      RETURN s;
    END IF;
  END LOOP;
  RETURN pg_backend_pid() % 8;
END
$$;

CREATE OR REPLACE FUNCTION sessions_counted_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  taken smallint := session_counter_slot();
BEGIN
  INSERT INTO session_counts AS c (tenant_id, nas_id, connection_type, slot, all_sessions, open_sessions)
  SELECT tenant_id, nas_id, connection_type, taken, count(*), count(*) FILTER (WHERE stop_time IS NULL)
  FROM new_rows GROUP BY tenant_id, nas_id, connection_type ORDER BY tenant_id, nas_id, connection_type
  ON CONFLICT (tenant_id, nas_id, connection_type, slot) DO UPDATE
    SET all_sessions = c.all_sessions + EXCLUDED.all_sessions, open_sessions = c.open_sessions + EXCLUDED.open_sessions;
  INSERT INTO session_start_counts AS c (tenant_id, bucket, slot, started)
  SELECT tenant_id, date_bin('15 minutes', start_time, TIMESTAMPTZ 'epoch'), taken, count(*)
  FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (tenant_id, bucket, slot) DO UPDATE SET started = c.started + EXCLUDED.started;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION sessions_counted_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  taken smallint := session_counter_slot();
BEGIN
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

CREATE OR REPLACE FUNCTION sessions_counted_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  taken smallint;
BEGIN
  IF current_setting('sessionkeeper.archiving', true) = 'on' THEN
    RETURN NULL; -- a move out of sessions: its insert into sessions_history is not counted either
  END IF;
  taken := session_counter_slot();
  INSERT INTO session_counts AS c (tenant_id, nas_id, connection_type, slot, all_sessions, open_sessions)
  SELECT tenant_id, nas_id, connection_type, taken, -count(*), -count(*) FILTER (WHERE stop_time IS NULL)
  FROM old_rows GROUP BY tenant_id, nas_id, connection_type ORDER BY tenant_id, nas_id, connection_type
  ON CONFLICT (tenant_id, nas_id, connection_type, slot) DO UPDATE
    SET all_sessions = c.all_sessions + EXCLUDED.all_sessions, open_sessions = c.open_sessions + EXCLUDED.open_sessions;
  INSERT INTO session_start_counts AS c (tenant_id, bucket, slot, started)
  SELECT tenant_id, date_bin('15 minutes', start_time, TIMESTAMPTZ 'epoch'), taken, -count(*)
  FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (tenant_id, bucket, slot) DO UPDATE SET started = c.started + EXCLUDED.started;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION sessions_history_counted_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  taken smallint;
BEGIN
  IF current_setting('sessionkeeper.archiving', true) = 'on' THEN
    RETURN NULL; -- a move from sessions: its delete there is not counted either
  END IF;
  taken := session_counter_slot();
  INSERT INTO session_counts AS c (tenant_id, nas_id, connection_type, slot, all_sessions, open_sessions)
  SELECT tenant_id, nas_id, connection_type, taken, count(*), count(*) FILTER (WHERE stop_time IS NULL)
  FROM new_rows GROUP BY tenant_id, nas_id, connection_type ORDER BY tenant_id, nas_id, connection_type
  ON CONFLICT (tenant_id, nas_id, connection_type, slot) DO UPDATE
    SET all_sessions = c.all_sessions + EXCLUDED.all_sessions, open_sessions = c.open_sessions + EXCLUDED.open_sessions;
  INSERT INTO session_start_counts AS c (tenant_id, bucket, slot, started)
  SELECT tenant_id, date_bin('15 minutes', start_time, TIMESTAMPTZ 'epoch'), taken, count(*)
  FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (tenant_id, bucket, slot) DO UPDATE SET started = c.started + EXCLUDED.started;
  RETURN NULL;
END
$$;
-- [jooq ignore stop]
