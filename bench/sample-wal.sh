#!/usr/bin/env bash
# WAL per usage sample by table layout (issue 13, not in CI): a private PostgreSQL 15, 30,000 sessions, ten rounds of one
# sample each (300,000 rows, the inserts of the accounting path in size and order), bytes of WAL per row for
# the layouts below. Run: bench/sample-wal.sh
source "$(dirname "$0")/lib.sh"
set +e
PG_PORT="${PG_PORT:-55498}"
pg_start
psql_db postgres -qc "CREATE DATABASE x"
run() { # $1 label, $2 ddl
  psql_db x -qc "DROP TABLE IF EXISTS s CASCADE; $2"
  psql_db x -qc "CREATE TEMP TABLE ids AS SELECT gen_random_uuid() AS id FROM generate_series(1,30000); INSERT INTO s SELECT 'default', id, now() - interval '1 hour', 0,0,0,2 FROM ids; CHECKPOINT;"
  psql_db x -qAtc "CREATE TABLE ids2 AS SELECT session_id AS id FROM s"
  local w0=$(psql_db x -qAtc "SELECT pg_current_wal_lsn()")
  # 10 rounds of one interim per session, batches of 500 like the service
  for r in $(seq 1 10); do
    psql_db x -qAtc "INSERT INTO s SELECT 'default', id, now() - interval '1 hour' + make_interval(secs => $r*300), 1000*$r, 100*$r, 300*$r, 2 FROM ids2"
  done
  local w1=$(psql_db x -qAtc "SELECT pg_current_wal_lsn()")
  echo "$1: $(psql_db x -qAtc "SELECT round(pg_wal_lsn_diff('$w1','$w0') / 300000.0) || ' B WAL per sample'")"
  psql_db x -qc "DROP TABLE ids2"
}
COLS="tenant_id varchar(63) NOT NULL, session_id uuid NOT NULL, sampled_at timestamptz NOT NULL, download_octets bigint NOT NULL, upload_octets bigint NOT NULL, session_time bigint NOT NULL, kind smallint NOT NULL"
run "pk (tenant, session, at)" "CREATE TABLE s ($COLS, PRIMARY KEY (tenant_id, session_id, sampled_at));"
run "pk + brin" "CREATE TABLE s ($COLS, PRIMARY KEY (tenant_id, session_id, sampled_at)); CREATE INDEX ON s USING brin (sampled_at);"
run "pk (session, at)" "CREATE TABLE s ($COLS, PRIMARY KEY (session_id, sampled_at));"
run "no index" "CREATE TABLE s ($COLS);"
