#!/usr/bin/env bash
# Holds a transaction with a transaction id open for HOLD seconds of every second on the bench cluster, until killed
# or the cluster stops: what a long write transaction beside the accounting (the fold's step, ADR 67) does to the
# sessions' HOT updates, without the work of that transaction. Start it before bench/ingest.sh; it waits for the
# cluster (docs/benchmarks.md, "PostgreSQL's CPU by pool, and the fold's transaction against the sessions' HOT
# updates").
#   bench/prototypes/horizon-pin/pin.sh 0.1 & DRIVER=radclient bash bench/ingest.sh; kill %1
# The pause between transactions is psql's \! sleep: a SELECT pg_sleep() there would hold a snapshot, and with it
# the horizon, the whole second.
set -uo pipefail
HOLD="${1:-0.1}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_PORT="${PG_PORT:-55432}"
REST=$(awk -v h="$HOLD" 'BEGIN {print 1 - h}')
until "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d sessionkeeper -c "SELECT 1" >/dev/null 2>&1; do
  sleep 1
done
for _ in $(seq 1 900); do
  echo "BEGIN; SELECT pg_current_xact_id(); SELECT pg_sleep($HOLD); COMMIT;"
  echo "\\! sleep $REST"
done | "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d sessionkeeper >/dev/null 2>&1
