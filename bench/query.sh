#!/usr/bin/env bash
# Query benchmark: sessions seeded set-based (bench/sql/seed-sessions.sql) at each size of SIZES (10 % active),
# then each API route measured over HTTP with wrk (CONNECTIONS connections, default 1 = latency without
# self-queueing on 2 cores; DURATION each) after a 3 s warm-up.
#   bench/query.sh                       # SIZES="100000 1000000"; SIZES="10000000" for the 10M figures
# Each size starts from an empty table. The seed drops the indexes of sessions (whatever the migrations
# created, read from the catalog by bench/sql/sessions-index-ddl.sql), inserts in statements of SEED_SLICE rows
# (SEED_JOBS at a time), rebuilds the same indexes (INDEX_JOBS CREATE INDEX at a time, each with INDEX_WORKERS
# parallel maintenance workers and maintenance_work_mem 1GB) and runs VACUUM ANALYZE; it stops if the indexes and
# constraints afterwards differ from those before. Triggers stay in place and fire once per INSERT statement.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/seed.sh"

SIZES="${SIZES:-100000 1000000}"
DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-1}"
HEAP="${HEAP:-512m}"
HTTP_PORT="${HTTP_PORT:-18080}"
TENANT=default

need_packages wrk postgresql-15 curl
build_jar_if_missing
log "machine: $(machine)"
log "load average before: $(loadavg)"
pg_start
psql_db postgres -c "CREATE DATABASE sessionkeeper"

start_service

uuid() { psql_db sessionkeeper -Atc "SELECT md5('$1')::uuid"; }
NAS_ID=$(uuid "$TENANT/nas/3")
CUSTOMER_ID=$(uuid "$TENANT/customer/1234")
API="http://127.0.0.1:$HTTP_PORT/api/sessions"

for size in $SIZES; do
  active=$((size / 10))
  seed "$size" "$active"
  DETAIL_ID=$(uuid "$TENANT/id/$((size / 2))")
  log "size $size, load average $(loadavg), wrk $CONNECTIONS connections x $DURATION per route"
  measure "list page 1" "$API?page=1&pageSize=20"
  measure "list active page 1" "$API?status=active&page=1&pageSize=20"
  measure "list by NAS" "$API?nasId=$NAS_ID&page=1&pageSize=20"
  measure "list by customer" "$API?customerId=$CUSTOMER_ID&page=1&pageSize=20"
  measure "search user1234" "$API?search=user1234&page=1&pageSize=20"
  measure "detail" "$API/$DETAIL_ID"
  measure "stats" "$API/stats"
  if [[ "${EXPLAIN:-1}" == 1 ]]; then
    log "EXPLAIN of the statistics' started-since counts and of the list's total at $size:"
    psql_db sessionkeeper -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
      SELECT count(*) FILTER (WHERE start_time >= date_trunc('day', now())),
             count(*) FILTER (WHERE start_time >= now() - interval '7 days'), count(*)
      FROM sessions WHERE tenant_id = '$TENANT' AND start_time >= now() - interval '30 days'" | sed 's/^/  /'
    psql_db sessionkeeper -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT count(*) FROM sessions WHERE tenant_id = '$TENANT'" | sed 's/^/  /'
  fi
done
log "load average after: $(loadavg)"
