#!/usr/bin/env bash
# WAL and time per usage sample by table layout (issue 13, not in CI): a private PostgreSQL 15, 30,000 sessions, ten
# rounds of one sample each (300,000 rows, the inserts of the accounting path in size and order), bytes of WAL and
# microseconds of the inserting statements per row for the layouts below (one backend, nothing else running, so the
# statements' time is its CPU and its WAL writes). PREFILL (0): samples per session stored before, in random order, so
# that the indexes are the size of a day's partition rather than of the CPU's caches (PREFILL=60: 1.8 M rows).
# Run: bench/sample-wal.sh
PG_PORT="${PG_PORT:-55498}"
source "$(dirname "$0")/lib.sh"
set +e
PREFILL="${PREFILL:-0}"
pg_start
psql_db postgres -qc "CREATE DATABASE x"
run() { # $1 label, $2 ddl
  psql_db x -qc "DROP TABLE IF EXISTS s CASCADE; $2"
  psql_db x -qc "CREATE TEMP TABLE ids AS SELECT gen_random_uuid() AS id FROM generate_series(1,30000); INSERT INTO s SELECT 'default', id, now() - interval '1 hour', 0,0,0,2 FROM ids; INSERT INTO s SELECT 'default', id, now() - interval '2 days' + make_interval(secs => p * 60), 0,0,0,2 FROM ids, generate_series(1, $PREFILL) AS p ORDER BY random(); CHECKPOINT;"
  psql_db x -qAtc "CREATE TABLE ids2 AS SELECT session_id AS id, row_number() OVER () AS n FROM s; CREATE INDEX ON ids2 (n)"
  local w0=$(psql_db x -qAtc "SELECT pg_current_wal_lsn()")
  # 10 rounds of one interim per session, in statements of 300 rows (the service's batches at full load)
  local t0=$(date +%s%N)
  psql_db x -qAtc "DO \$\$ BEGIN FOR r IN 1..10 LOOP FOR b IN 0..99 LOOP INSERT INTO s SELECT 'default', id, now() - interval '1 hour' + make_interval(secs => r * 300), 1000 * r, 100 * r, 300 * r, 2 FROM ids2 WHERE n > b * 300 AND n <= (b + 1) * 300; END LOOP; END LOOP; END \$\$"
  local t1=$(date +%s%N)
  local w1=$(psql_db x -qAtc "SELECT pg_current_wal_lsn()")
  echo "$1: $(psql_db x -qAtc "SELECT round(pg_wal_lsn_diff('$w1','$w0') / 300000.0) || ' B WAL, ' || round(($t1 - $t0) / 300000.0 / 1000.0, 2) || ' µs per sample'")"
  psql_db x -qc "DROP TABLE ids2"
}
COLS="tenant_id varchar(63) NOT NULL, session_id uuid NOT NULL, sampled_at timestamptz NOT NULL, download_octets bigint NOT NULL, upload_octets bigint NOT NULL, session_time bigint NOT NULL, kind smallint NOT NULL"
run "pk (tenant, session, at)" "CREATE TABLE s ($COLS, PRIMARY KEY (tenant_id, session_id, sampled_at));"
run "pk + brin" "CREATE TABLE s ($COLS, PRIMARY KEY (tenant_id, session_id, sampled_at)); CREATE INDEX ON s USING brin (sampled_at);"
run "pk (session, at)" "CREATE TABLE s ($COLS, PRIMARY KEY (session_id, sampled_at));"
run "no index" "CREATE TABLE s ($COLS);"
run "index (session)" "CREATE TABLE s ($COLS); CREATE INDEX ON s (session_id);"
run "hash (session)" "CREATE TABLE s ($COLS); CREATE INDEX ON s USING hash (session_id);"
run "index (at, session): time first" "CREATE TABLE s ($COLS); CREATE INDEX ON s (sampled_at, session_id);"
run "brin only" "CREATE TABLE s ($COLS); CREATE INDEX ON s USING brin (sampled_at);"
run "index (session, hour): a posting list a session-hour" "CREATE TABLE s ($COLS); CREATE INDEX ON s (session_id, date_trunc('hour', sampled_at AT TIME ZONE 'UTC'));"
