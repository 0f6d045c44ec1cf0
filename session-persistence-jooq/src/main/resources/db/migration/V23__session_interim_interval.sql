-- The interim interval the NAS says it sends (Acct-Interim-Interval, seconds; MikroTik sends it in its accounting
-- packets), the latest it sent: the bandwidth series marks a stretch without a sample longer than twice it as a gap
-- (docs/accounting-rules.md "Gaps"); NULL where the NAS never sent one (the series infers the spacing from the
-- samples). Written by the accounting upsert (SessionUpsert) in the statement it already runs, like rate_limit; not
-- indexed, so an interim that writes it keeps its update HOT.
--
-- Online: ADD COLUMN without a default only changes the catalogue (no table rewrite, no scan; a brief ACCESS
-- EXCLUSIVE lock). lock_timeout bounds how long the ALTER may queue behind a long transaction (every writer after
-- it would queue behind the ALTER): better a failed migration, retried at the next start, than stalled accounting.
-- [jooq ignore start]
SET LOCAL lock_timeout = '2s';
-- [jooq ignore stop]
ALTER TABLE sessions ADD COLUMN interim_interval_seconds integer;
