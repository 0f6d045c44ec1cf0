#!/usr/bin/env bash
# Export benchmark (not run in CI): SIZE sessions seeded set-based into a private PostgreSQL 15 (bench/seed.sh,
# the shape of bench/query.sh's seed), the packaged jar serving with the heap capped at HEAP (256m), and
# GET /api/sessions/export of every session streamed over HTTP RUNS times by ExportBenchmark (session-benchmarks):
# time to the first byte, records per second; the service's heap is sampled with jstat every 100 ms during the
# runs and its peak (used, after the seed and warm-up) reported, with the GC count and the RSS.
#   bench/export.sh                          # SIZE=1000000, RUNS=3, format=csv
#   SIZE=20000 RUNS=1 bench/export.sh        # a quick check that it works
#   QUERY='format=csv&raw=true' bench/export.sh
#   PROFILE=1 bench/export.sh               # JFR on the service during the runs: hot methods, recording kept
# Targets (issue 14): first byte <= 1 s, >= 50,000 rows/s, 1,000,000 rows with -Xmx256m.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/seed.sh"

SIZE="${SIZE:-1000000}"
RUNS="${RUNS:-3}"
HEAP="${HEAP:-256m}"
QUERY="${QUERY:-format=csv}"
HTTP_PORT="${HTTP_PORT:-18080}"
TOKEN="sk_bench_token_0123456789abcdef"
TENANT=default

need_packages postgresql-15 curl
build_jar_if_missing
log "machine: $(machine)"
log "load average before: $(loadavg)"
# ExportBenchmark needs the JDK only: run from its source file (Java's source launcher), no build of the module
BENCHMARK="$REPO_DIR/session-benchmarks/src/main/java/io/sessionkeeper/benchmarks/export/ExportBenchmark.java"
pg_start
psql_db postgres -c "CREATE DATABASE sessionkeeper"

env SESSION_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/sessionkeeper" SESSION_DB_USER=postgres SESSION_DB_PASSWORD= \
  SESSION_SECRET_KEY="$BENCH_SECRET_KEY" \
  SESSION_HTTP_BIND=127.0.0.1 SESSION_HTTP_PORT="$HTTP_PORT" SESSION_RADIUS_BIND=127.0.0.1 SESSION_RADIUS_ACCT_PORT=18132 \
  SESSION_BOOTSTRAP_TOKEN="$TOKEN" SESSION_RATE_LIMIT_PER_MINUTE=0 SESSION_RATE_LIMIT_EXPENSIVE_PER_MINUTE=1000000 \
  SESSION_CLEANUP_INTERVAL=0 java -Xms"$HEAP" -Xmx"$HEAP" -jar "$JAR" serve >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!
PIDS+=("$SERVICE_PID")
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null 2>&1 && break
  kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$WORK/service.log"; exit 1; }
  sleep 0.5
done

seed "$SIZE" "$((SIZE / 10))"
URL="http://127.0.0.1:$HTTP_PORT/api/sessions/export?$QUERY"
log "warm-up: one export of at most 20,000 rows"
curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" "$URL&startDate=$(date -u -d '-2 days' +%F)"

# heap used (KB) = S0U + S1U + EU + OU; YGC FGC: collections so far
jstat -gc "$SERVICE_PID" 100 >"$WORK/jstat.txt" 2>/dev/null &
JSTAT_PID=$!
PIDS+=("$JSTAT_PID")
sleep 0.5
gc_before=$(jstat -gc "$SERVICE_PID" | tail -1 | awk '{print $13 + $15}')
if [[ "${PROFILE:-0}" == 1 ]]; then
  jcmd "$SERVICE_PID" JFR.start name=bench settings=profile filename="$WORK/service.jfr" >/dev/null
fi
log "exporting $SIZE sessions $RUNS time(s): $URL (service heap $HEAP, load average $(loadavg))"
status=0
SERVICE_CPU0=$(cpu_seconds "$SERVICE_PID"); PG_CPU0=$(pg_cpu_seconds)
java -Xmx256m "$BENCHMARK" url="$URL" token="$TOKEN" runs="$RUNS" expect="$SIZE" || status=1
log "CPU per 1,000 rows exported: service $(awk -v a="$SERVICE_CPU0" -v b="$(cpu_seconds "$SERVICE_PID")" -v n="$((SIZE * RUNS))" 'BEGIN{printf "%.1f", (b-a)*1e6/n}') ms," \
  "PostgreSQL $(awk -v a="$PG_CPU0" -v b="$(pg_cpu_seconds)" -v n="$((SIZE * RUNS))" 'BEGIN{printf "%.1f", (b-a)*1e6/n}') ms (ended backends not counted)"
sleep 0.3
kill "$JSTAT_PID" 2>/dev/null || true
gc_after=$(jstat -gc "$SERVICE_PID" | tail -1 | awk '{print $13 + $15}')
log "service heap during the runs (jstat every 100 ms): peak used" \
  "$(awk 'NR > 1 && $1 ~ /^[0-9.]+$/ { u = ($3 + $4 + $6 + $8) / 1024; if (u > m) m = u } END { printf "%.0f MB", m }' "$WORK/jstat.txt")" \
  "of $HEAP; $((gc_after - gc_before)) collections; RSS $(awk '/VmRSS/ {printf "%d MB", $2 / 1024}' /proc/$SERVICE_PID/status)"
if [[ "${PROFILE:-0}" == 1 ]]; then
  jfr_hot_methods "$SERVICE_PID" "${PROFILE_OUT:-/tmp/export-service.jfr}"
fi
if ! kill -0 "$SERVICE_PID" 2>/dev/null; then log "SERVICE DIED"; status=1; fi
if grep -q OutOfMemoryError "$WORK/service.log"; then log "OutOfMemoryError in the service log"; status=1; fi
psql_db sessionkeeper -P pager=off -c "SELECT format, row_count, outcome, finished_at - started_at AS took
  FROM export_audit ORDER BY id DESC LIMIT $((RUNS + 1))"
log "load average after: $(loadavg)"
exit $status
