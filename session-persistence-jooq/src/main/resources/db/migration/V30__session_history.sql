-- Session history (issue 17, docs/adr/0049-session-history-partitioned-by-stop-month.md): sessions closed more than
-- SESSION_ARCHIVE_AFTER ago leave `sessions` (the hot part: open sessions and those closed recently, the only table
-- accounting writes) for `sessions_history`, partitioned by the month (UTC) of stop_time. The archival job
-- (SessionArchive) moves them in transactions of at most 10,000 rows; retention detaches a month whose sessions all
-- stopped before SESSION_RETENTION, writes it out as gzip CSV with a manifest, and drops it.
--
-- The partition key is stop_time: a closed session's stop never changes, archival and retention both go by it, and
-- a month's partition is complete once archival has passed it. PostgreSQL requires the key in every unique index,
-- so the primary key is (tenant_id, id, stop_time). (tenant_id, id) stays unique across both parts without an index
-- that spans them: ids are random UUIDs given by the service when a session is first written to `sessions`, whose
-- primary key is (tenant_id, id); a row enters the history only by the statement that deletes it from `sessions`
-- (DELETE … RETURNING feeding the INSERT), so it is never in both; nothing updates the history's keys.
--
-- Same columns, same order: LIKE copies them (and the CHECK constraints) from `sessions`. A column added to `sessions`
-- later must be added here too, and `sessions_all` made again (SessionArchiveTest compares them).
--
-- sessions_all is what reads that span both parts use (detail, listings of completed or all sessions, export, the
-- address look-up, a session's series): UNION ALL, so that a filter and an ORDER BY … LIMIT reach each part's
-- indexes (a Merge Append of the hot index and one per month).
--
-- Counters: the triggers of session_counts and session_start_counts (V2) are put on the history as well, so that a
-- move (−1 in `sessions`, +1 here, same statement) leaves every count as it was and a manual DELETE here is counted.
-- DETACH and DROP fire no row trigger: retention subtracts a month's rows itself, in the transaction that detaches it.
--
-- Events follow a deleted session (V14), but not one that moves: the trigger on `sessions` skips a statement run with
-- sessionkeeper.archiving set (SET LOCAL by the archival transaction). Retention deletes a dropped month's events.
--
-- Online: only new objects, and a function replaced; `sessions` is not locked or rewritten. Its existing history
-- moves by the archival job, in bounded transactions, with the service running (OnlineMigrationTest, SessionArchiveTest).
-- jOOQ's code generator sees none of it: reads use the view through Sessions.rename("sessions_all") (same columns),
-- and the archival statements are SQL of their own.
-- [jooq ignore start]
SET LOCAL lock_timeout = '5s';

CREATE TABLE sessions_history (LIKE sessions INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
  PARTITION BY RANGE (stop_time);
ALTER TABLE sessions_history ADD CONSTRAINT sessions_history_pk PRIMARY KEY (tenant_id, id, stop_time);

-- A session whose stop month has no partition (made ahead by the archival job from the oldest stop it will move to
-- two months ahead) lands here: counted, reported as sessionkeeper_sessions_history_default_partition, moved into
-- its month's partition when the job makes it.
CREATE TABLE sessions_history_default PARTITION OF sessions_history DEFAULT;

-- The history's indexes mirror the listings and searches of `sessions` (V1, V27), minus what only accounting needs
-- (session_key, open sessions). They are written by archival, never by accounting.
CREATE INDEX sessions_history_tenant_start_idx ON sessions_history (tenant_id, start_time DESC, id DESC);
CREATE INDEX sessions_history_tenant_username_idx ON sessions_history (tenant_id, username, start_time DESC);
CREATE INDEX sessions_history_tenant_username_prefix_idx
  ON sessions_history (tenant_id, lower(username) text_pattern_ops);
CREATE INDEX sessions_history_tenant_acct_session_id_idx ON sessions_history (tenant_id, lower(acct_session_id));
CREATE INDEX sessions_history_tenant_framed_ip_idx ON sessions_history (tenant_id, framed_ip);
CREATE INDEX sessions_history_tenant_nas_start_idx ON sessions_history (tenant_id, nas_id, start_time DESC);
CREATE INDEX sessions_history_tenant_framed_ipv6_idx ON sessions_history (tenant_id, framed_ipv6)
  WHERE framed_ipv6 IS NOT NULL;
CREATE INDEX sessions_history_tenant_framed_ipv6_prefix_idx ON sessions_history (tenant_id, framed_ipv6_prefix)
  WHERE framed_ipv6_prefix IS NOT NULL;
CREATE INDEX sessions_history_tenant_delegated_ipv6_prefix_idx
  ON sessions_history (tenant_id, delegated_ipv6_prefix) WHERE delegated_ipv6_prefix IS NOT NULL;

CREATE TRIGGER sessions_history_counted_after_insert AFTER INSERT ON sessions_history
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sessions_counted_after_insert();
CREATE TRIGGER sessions_history_counted_after_update AFTER UPDATE ON sessions_history
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sessions_counted_after_update();
CREATE TRIGGER sessions_history_counted_after_delete AFTER DELETE ON sessions_history
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sessions_counted_after_delete();
CREATE TRIGGER sessions_history_events_follow_deleted AFTER DELETE ON sessions_history
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION session_events_follow_deleted_sessions();

CREATE OR REPLACE FUNCTION session_events_follow_deleted_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'sessions' AND current_setting('sessionkeeper.archiving', true) = 'on' THEN
    RETURN NULL; -- moved to sessions_history, not deleted: its events stay
  END IF;
  DELETE FROM session_events e USING old_rows o WHERE e.tenant_id = o.tenant_id AND e.session_id = o.id;
  RETURN NULL;
END
$$;

CREATE VIEW sessions_all AS
  SELECT * FROM sessions
  UNION ALL
  SELECT * FROM sessions_history;

-- Months that retention has detached: the step each reached, so that a run cut short (a crash between detach, export
-- and drop) is finished by the next one instead of leaving a detached table or losing a month unexported.
CREATE TABLE sessions_history_retired (
  partition_name  text        NOT NULL,
  month           date        NOT NULL,
  rows_detached   bigint      NOT NULL,
  state           text        NOT NULL,
  detached_at     timestamptz NOT NULL,
  file            text,
  sha256          text,
  finished_at     timestamptz,
  CONSTRAINT sessions_history_retired_pk PRIMARY KEY (partition_name),
  CONSTRAINT sessions_history_retired_state_ck CHECK (state IN ('detached', 'exported', 'dropped'))
);
-- [jooq ignore stop]
