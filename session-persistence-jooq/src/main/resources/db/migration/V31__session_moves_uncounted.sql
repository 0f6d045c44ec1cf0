-- A move to the history (SessionArchive: DELETE from sessions … RETURNING, INSERT into sessions_history, one
-- statement, sessionkeeper.archiving set by SET LOCAL) changes no count: the session is −1 in one part and +1 in the
-- other. V30 let the counter triggers of both parts run anyway, and they cancelled out: for a batch of sessions spread
-- over a month, each grouped upsert touched one session_start_counts row per quarter hour they started in, twice
-- (measured at 30M sessions: ~4,300 sessions moved per statement, ~2,900 quarter hours, ~5,800 counter rows written
-- and left dead per statement). The history's insert counter (a function of its own, so that the insert trigger of
-- `sessions`, which every accounting statement fires, stays as V2 wrote it) and the delete counter (shared: nothing
-- on the accounting path deletes) now skip a statement run with the setting on, as the events trigger does (V30).
-- The setting is the archival transaction's own; a statement that sets it and does anything but a move is not counted (docs/adr/0049-session-history-partitioned-by-stop-month.md).
--
-- Online: a function replaced, one added, and the history's insert trigger made again (a short lock on
-- sessions_history, which only archival writes); `sessions` is not locked.
-- [jooq ignore start]
SET LOCAL lock_timeout = '5s';

CREATE FUNCTION sessions_history_counted_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('sessionkeeper.archiving', true) = 'on' THEN
    RETURN NULL; -- a move from sessions: its delete there is not counted either
  END IF;
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

DROP TRIGGER sessions_history_counted_after_insert ON sessions_history;
CREATE TRIGGER sessions_history_counted_after_insert AFTER INSERT ON sessions_history
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sessions_history_counted_after_insert();

CREATE OR REPLACE FUNCTION sessions_counted_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('sessionkeeper.archiving', true) = 'on' THEN
    RETURN NULL; -- a move out of sessions: its insert into sessions_history is not counted either
  END IF;
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
-- [jooq ignore stop]
