-- The statements that take the indexes of `sessions` away before a bulk seed and bring the same ones back after
-- it, generated from the catalog (whatever the migrations created): those of phase :'phase', in their order.
--   drop    before the INSERTs: every index (primary key and unique constraints through ALTER TABLE … DROP
--           CONSTRAINT) and autovacuum off for the table (it would otherwise start on the fresh rows and hold up
--           the index builds);
--   build   after them, independent of one another (run them in parallel): pg_get_indexdef() of each index, the
--           constraints' indexes included;
--   finish  then, in order: the constraints attached to their rebuilt indexes (ADD CONSTRAINT … USING INDEX; an
--           exclusion constraint is recreated whole), CLUSTER ON, REPLICA IDENTITY, comments, autovacuum back to
--           the table's own setting.
-- An index that a foreign key references is left in place (not listed). Triggers are not touched.
-- Usage: psql -At -0 -v phase=drop -f bench/sql/sessions-index-ddl.sql   (NUL after each statement, for xargs -0)
WITH ix AS (
  SELECT i.indexrelid, n.nspname AS schema, c.relname AS name, i.indisclustered, i.indisreplident,
    pg_get_indexdef(i.indexrelid) AS indexdef, obj_description(i.indexrelid, 'pg_class') AS comment,
    con.oid AS con_oid, con.conname, con.contype, con.condeferrable, con.condeferred,
    obj_description(con.oid, 'pg_constraint') AS con_comment
  FROM pg_index i
  JOIN pg_class c ON c.oid = i.indexrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
  WHERE i.indrelid = 'sessions'::regclass
    AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)
), autovacuum AS (
  SELECT (SELECT substr(o, length('autovacuum_enabled=') + 1) FROM unnest(c.reloptions) AS o
          WHERE o LIKE 'autovacuum\_enabled=%') AS setting
  FROM pg_class c WHERE c.oid = 'sessions'::regclass
), ddl (phase, step, name, statement) AS (
  SELECT 'drop', 0, '', 'ALTER TABLE sessions SET (autovacuum_enabled = false)'
  UNION ALL
  SELECT 'drop', 1, name, CASE WHEN con_oid IS NOT NULL THEN format('ALTER TABLE sessions DROP CONSTRAINT %I', conname)
                               ELSE format('DROP INDEX %I.%I', schema, name) END
  FROM ix
  UNION ALL
  SELECT 'build', 2, name, indexdef FROM ix WHERE contype IS DISTINCT FROM 'x'
  UNION ALL
  SELECT 'finish', 3, name, CASE WHEN contype = 'x' THEN format('ALTER TABLE sessions ADD CONSTRAINT %I %s', conname, pg_get_constraintdef(con_oid))
      ELSE format('ALTER TABLE sessions ADD CONSTRAINT %I %s USING INDEX %I%s', conname,
        CASE contype WHEN 'p' THEN 'PRIMARY KEY' ELSE 'UNIQUE' END, name,
        CASE WHEN condeferred THEN ' DEFERRABLE INITIALLY DEFERRED' WHEN condeferrable THEN ' DEFERRABLE' ELSE '' END) END
  FROM ix WHERE con_oid IS NOT NULL
  UNION ALL
  SELECT 'finish', 4, name, format('ALTER TABLE sessions CLUSTER ON %I', name) FROM ix WHERE indisclustered
  UNION ALL
  SELECT 'finish', 5, name, format('ALTER TABLE sessions REPLICA IDENTITY USING INDEX %I', name) FROM ix WHERE indisreplident
  UNION ALL
  SELECT 'finish', 6, name, format('COMMENT ON INDEX %I.%I IS %L', schema, name, comment) FROM ix WHERE comment IS NOT NULL
  UNION ALL
  SELECT 'finish', 7, name, format('COMMENT ON CONSTRAINT %I ON sessions IS %L', conname, con_comment) FROM ix WHERE con_comment IS NOT NULL
  UNION ALL
  SELECT 'finish', 8, '', CASE WHEN setting IS NULL THEN 'ALTER TABLE sessions RESET (autovacuum_enabled)'
                              ELSE format('ALTER TABLE sessions SET (autovacuum_enabled = %s)', setting) END
  FROM autovacuum
)
SELECT statement FROM ddl WHERE phase = :'phase' ORDER BY step, name;
