#!/usr/bin/env bash
# FreeRADIUS 3.2 (Debian package) with rlm_sql on a private PostgreSQL 15 cluster, its stock PostgreSQL schema
# (mods-config/sql/main/postgresql/schema.sql) and stock queries (queries.conf), driven by the same load
# generator (session-loadgen.jar) as bench/ingest.sh; then radacct checked: one row per session with the final
# counters.
#   bench/freeradius.sh                  # SUBSCRIBERS, INTERIMS, NAS, SOCKETS, WINDOW, RATE as in ingest.sh
source "$(dirname "$0")/lib.sh"

SUBSCRIBERS="${SUBSCRIBERS:-30000}"
INTERIMS="${INTERIMS:-3}"
NAS="${NAS:-4}"
SOCKETS="${SOCKETS:-2}"
WINDOW="${WINDOW:-256}"
RATE="${RATE:-0}"
MAX_SECONDS="${MAX_SECONDS:-300}"
TIMEOUT_MS="${TIMEOUT_MS:-2000}"
ACCT_PORT="${ACCT_PORT:-18131}"
SECRET="bench-secret"
STOCK=/etc/freeradius/3.0

need_packages freeradius freeradius-postgresql postgresql-15
build_loadgen_jar_if_missing
log "machine: $(machine)"
log "FreeRADIUS: $(freeradius -v 2>/dev/null | head -1)"
log "load average before: $(loadavg)"
pg_start
psql_db postgres -c "CREATE DATABASE radius"
psql_db radius -f "$STOCK/mods-config/sql/main/postgresql/schema.sql" >/dev/null

RADDB="$WORK/raddb"
mkdir -p "$RADDB" "$WORK/radlog" "$WORK/radrun"
cp -r "$STOCK/." "$RADDB/"
rm -rf "$RADDB/mods-enabled" "$RADDB/sites-enabled"
mkdir -p "$RADDB/mods-enabled" "$RADDB/sites-enabled"
for m in always attr_filter expr preprocess sql; do ln -s "../mods-available/$m" "$RADDB/mods-enabled/$m"; done
sed "s/@ACCT_PORT@/$ACCT_PORT/" "$BENCH_DIR/freeradius/site-bench" >"$RADDB/sites-enabled/bench"
sed "s/@SECRET@/$SECRET/" "$BENCH_DIR/freeradius/clients.conf" >"$RADDB/clients.conf"
# run as root from the private directory, logs and pid file there
sed -i -e 's/^\(\s*\)\(user\|group\) = .*/\1# \2 (bench: stay root)/' \
  -e "s|^logdir = .*|logdir = $WORK/radlog|" -e "s|^run_dir = .*|run_dir = $WORK/radrun|" \
  -e 's/^\(\s*\)auth = no/\1auth = no/' "$RADDB/radiusd.conf"
# rlm_sql: PostgreSQL dialect and driver, the private cluster; everything else (pool, queries) stock
sed -i -e 's/^\(\s*\)dialect = .*/\1dialect = "postgresql"/' \
  -e 's/^\(\s*\)driver = "rlm_sql_null"/\1driver = "rlm_sql_${dialect}"/' \
  -e 's/^#\?\(\s*\)server = .*/\1server = "127.0.0.1"/' \
  -e "s/^#\?\(\s*\)port = 3306/\1port = $PG_PORT/" \
  -e 's/^#\?\(\s*\)login = .*/\1login = "postgres"/' \
  -e 's/^#\?\(\s*\)password = .*/\1password = ""/' \
  -e 's/^\(\s*\)radius_db = .*/\1radius_db = "radius"/' "$RADDB/mods-available/sql"
grep -nE '^\s*(dialect|driver|server|port|login|password|radius_db) =' "$RADDB/mods-available/sql" | sed 's/^/  sql: /'

freeradius -f -d "$RADDB" -l "$WORK/freeradius.log" &
RADIUS_PID=$!
PIDS+=("$RADIUS_PID")
for _ in $(seq 1 60); do
  grep -q 'Ready to process requests' "$WORK/freeradius.log" 2>/dev/null && break
  kill -0 "$RADIUS_PID" 2>/dev/null || { cat "$WORK/freeradius.log"; exit 1; }
  sleep 0.5
done
grep -q 'Ready to process requests' "$WORK/freeradius.log" || { tail -30 "$WORK/freeradius.log"; exit 1; }
log "FreeRADIUS ready on 127.0.0.1:$ACCT_PORT (pid $RADIUS_PID)"

psql_db radius -qAtc "SELECT pg_stat_reset_shared('wal')" >/dev/null
FR_CPU0=$(cpu_seconds "$RADIUS_PID"); PG_CPU0=$(pg_cpu_seconds)
set +e
java -Xmx1g -jar "$LOADGEN_JAR" --server "127.0.0.1:$ACCT_PORT" --secret "$SECRET" --nas "$NAS" \
  --sockets-per-nas "$SOCKETS" --window "$WINDOW" --subscribers "$SUBSCRIBERS" --interims "$INTERIMS" \
  --rate "$RATE" --timeout-ms "$TIMEOUT_MS" --max-seconds "$MAX_SECONDS" \
  --verify-jdbc "jdbc:postgresql://127.0.0.1:$PG_PORT/radius" --db-user postgres --verify-schema radacct \
  | tee "$WORK/loadgen.txt" | grep -v '^t='
STATUS=${PIPESTATUS[0]}
set -e
# the same measure as bench/ingest.sh's: CPU (utime + stime) over the load phase, per answered packet
FR_CPU1=$(cpu_seconds "$RADIUS_PID"); PG_CPU1=$(pg_cpu_seconds)
ANSWERED=$(sed -n 's/.*, acknowledged \([0-9]*\),.*/\1/p' "$WORK/loadgen.txt" | head -1)
log "per answered packet ($ANSWERED answered):" \
  "FreeRADIUS $(awk -v a="$FR_CPU0" -v b="$FR_CPU1" -v n="$ANSWERED" 'BEGIN{printf "%.1f", (b-a)*1e6/n}') µs CPU," \
  "PostgreSQL $(awk -v a="$PG_CPU0" -v b="$PG_CPU1" -v n="$ANSWERED" 'BEGIN{printf "%.1f", (b-a)*1e6/n}') µs CPU," \
  "$(psql_db radius -Atc "SELECT round(wal_records::numeric / $ANSWERED, 2) || ' WAL records, ' || round(wal_bytes::numeric / $ANSWERED) || ' B of WAL' FROM pg_stat_wal")"
grep '^t=' "$WORK/loadgen.txt" | awk 'NR % 10 == 0' | sed 's/^/  progress /'
log "load average after: $(loadavg)"
log "FreeRADIUS RSS: $(awk '/VmRSS/ {print int($2/1024) " MB"}' /proc/$RADIUS_PID/status 2>/dev/null)"
log "statements by database time:"
pg_top_statements radius 6 | sed 's/^/  /'
log "database: $(psql_db radius -Atc "SELECT count(*) || ' radacct rows, ' || pg_size_pretty(pg_total_relation_size('radacct')) FROM radacct")"
grep -iE 'error|warn' "$WORK/freeradius.log" | sort | uniq -c | sort -rn | head -5 || true
exit "$STATUS"
