-- The session timeline's events (issue 13, docs/adr/0032-session-events.md): what happened to a session besides its
-- counters, appended when it happened and never updated: an IP change, a session superseded, a NAS reboot, a stale
-- close (written by the accounting unit or the bounded close that did it, in the same transaction), a rate-limit
-- change and a disconnect with their answers (written by the service as it acts). An ordinary Interim-Update writes
-- nothing here.
--
-- Narrow: a row holds only what its kind carries; the other columns are NULL (a bit each). type is a stable number
-- (PostgresSessionEvents maps it; never renumbered): 1 IP changed, 2 speed changed, 3 disconnect requested,
-- 4 disconnect result, 5 NAS rebooted, 6 closed as stale, 7 superseded. result: 1 ACK, 2 NAK, 3 time-out, 4 failed.
-- token_name is the token's name when it asked (the token may be renamed or revoked later); never its secret.
--
-- No foreign key to sessions, as for the other tables of tenant data (a TRUNCATE or a bulk load of sessions stays
-- simple, and partitioning sessions later is not bound by it). Events live as long as their session: a trigger on
-- sessions deletes a deleted session's events (statement-level, with a transition table: nothing at all for
-- inserts and updates) and a TRUNCATE of sessions empties it too.
--
-- Online: a new table, and two triggers on sessions, whose CREATE TRIGGER briefly takes a lock that stops writers;
-- lock_timeout bounds how long it may queue behind a long transaction (a failed migration is retried at the next
-- start, rather than stalled accounting).
-- [jooq ignore start]
SET LOCAL lock_timeout = '2s';
-- [jooq ignore stop]
CREATE TABLE session_events (
  tenant_id         varchar(63) NOT NULL,
  session_id        uuid        NOT NULL,
  occurred_at       timestamptz NOT NULL,
  seq               bigint      GENERATED ALWAYS AS IDENTITY,
  type              smallint    NOT NULL,
  result            smallint,
  error_cause       integer,
  ip_old            inet,
  ip_new            inet,
  token_id          uuid,
  other_session_id  uuid,
  forced            boolean,
  rate_limit        varchar(128),
  token_name        varchar(128),
  -- the timeline's read: the events of one session in time order, ties in the order recorded
  CONSTRAINT session_events_pk PRIMARY KEY (tenant_id, session_id, occurred_at, seq),
  CONSTRAINT session_events_type_ck CHECK (type BETWEEN 1 AND 7),
  CONSTRAINT session_events_result_ck CHECK (result IS NULL OR result BETWEEN 1 AND 4),
  CONSTRAINT session_events_ip_ck CHECK (type <> 1 OR (ip_old IS NOT NULL AND ip_new IS NOT NULL)),
  CONSTRAINT session_events_answer_ck CHECK (type NOT IN (2, 4) OR result IS NOT NULL),
  CONSTRAINT session_events_superseded_ck CHECK (type <> 7 OR other_session_id IS NOT NULL)
);

-- [jooq ignore start]
CREATE FUNCTION session_events_follow_deleted_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM session_events e USING old_rows o WHERE e.tenant_id = o.tenant_id AND e.session_id = o.id;
  RETURN NULL;
END
$$;

CREATE FUNCTION session_events_follow_truncated_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM session_events;
  RETURN NULL;
END
$$;

CREATE TRIGGER session_events_follow_deleted_sessions AFTER DELETE ON sessions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION session_events_follow_deleted_sessions();
CREATE TRIGGER session_events_follow_truncated_sessions AFTER TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION session_events_follow_truncated_sessions();
-- [jooq ignore stop]
