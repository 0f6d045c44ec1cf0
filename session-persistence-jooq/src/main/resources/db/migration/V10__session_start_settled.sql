-- Whether a session's start_time is the time of the NAS's Start (settled) or one implied by an Interim-Update or
-- Stop (event time - Acct-Session-Time), which may still move earlier, by more than a tolerance only. See "A settled
-- start" in docs/accounting-rules.md and Session.mergedWith; the accounting upsert (SessionUpsert) mirrors it.
-- Without it every interim whose implied start differed by the jitter of its arrival rewrote all the row's index
-- entries (start_time is in six of them): 0 % HOT updates with Event-Timestamps the service does not believe.
--
-- Online: a constant default is kept in the catalogue (PostgreSQL 11+): no table rewrite, no scan, only a brief
-- ACCESS EXCLUSIVE lock. lock_timeout bounds how long the ALTER may queue behind a long transaction, since every
-- writer that comes after it would queue behind the ALTER: better a failed migration (retried at the next start)
-- than stalled accounting. Rows stored before this migration count as unsettled.
-- [jooq ignore start]
SET LOCAL lock_timeout = '2s';
-- [jooq ignore stop]
ALTER TABLE sessions ADD COLUMN start_settled boolean NOT NULL DEFAULT false;
