-- Room for the interims' new row versions on the page of the session (ADR 0054): fillfactor 80 -> 60. An interim
-- update is HOT (no entry in any index; a non-HOT one writes one into each of the table's indexes) only when its page
-- has room for the new version; with 80 % filled, 13-17 % of interims found none in issue 12's load
-- (bench/ingest.sh), with 60 % 2.5-4 %.
--
-- Online: a storage parameter, a catalog change. It takes SHARE UPDATE EXCLUSIVE, which no INSERT, UPDATE or DELETE
-- conflicts with; it waits only for a VACUUM, ANALYZE or index build on the table (an autovacuum is cancelled for
-- it), bounded by lock_timeout. No page is rewritten: pages filled from now on keep 40 % free, pages already full
-- stay as they are (VACUUM FULL or pg_repack would apply it to them; not needed: closed sessions are not updated).
-- [jooq ignore start]
SET LOCAL lock_timeout = '60s';
ALTER TABLE sessions SET (fillfactor = 60);
-- [jooq ignore stop]
