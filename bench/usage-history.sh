#!/usr/bin/env bash
# Usage history read benchmark (issue 13): SESSIONS sessions seeded set-based (bench/seed.sh, 10 % active) with
# PER_SESSION samples each (bench/sql/seed-usage.sql; 1,000,000 x 12 = 12M samples by default), one session with 7
# days of 5-minute samples, 30 days of roll-ups of a NAS and a customer; then over HTTP with wrk (CONNECTIONS
# connections, DURATION each, after a 3 s warm-up), p95 against the issue's targets:
#   a 7-day session at 5m (2,016 points)          <= 30 ms
#   a customer and a NAS over 30 days at 1h        <= 50 ms
#   bench/usage-history.sh                     # SESSIONS=1000000 PER_SESSION=12
#   SESSIONS=20000 DURATION=5s bench/usage-history.sh     # a quick check that it works
#   HTTP_PORT=18461 PG_PORT=55461 RADIUS_PORT=18561 bench/usage-history.sh   # beside other runs on the machine
# The service runs without its usage job (SESSION_USAGE_JOB_INTERVAL=0): the seed made the partitions and the
# roll-up state; ingest is measured by bench/ingest.sh, not here.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/seed.sh"

SESSIONS="${SESSIONS:-1000000}"
PER_SESSION="${PER_SESSION:-12}"
DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-1}"
HEAP="${HEAP:-512m}"
HTTP_PORT="${HTTP_PORT:-18080}"
RADIUS_PORT="${RADIUS_PORT:-18132}"   # the service listens for accounting too; give concurrent runs their own
TOKEN="sk_bench_token_0123456789abcdef"
TENANT=default

need_packages wrk postgresql-15 curl
build_jar_if_missing
log "machine: $(machine)"
log "load average before: $(loadavg)"
pg_start
psql_db postgres -c "CREATE DATABASE sessionkeeper"

env SESSION_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/sessionkeeper" SESSION_DB_USER=postgres SESSION_DB_PASSWORD= \
  SESSION_SECRET_KEY="$BENCH_SECRET_KEY" \
  SESSION_HTTP_BIND=127.0.0.1 SESSION_HTTP_PORT="$HTTP_PORT" SESSION_RADIUS_BIND=127.0.0.1 SESSION_RADIUS_ACCT_PORT="$RADIUS_PORT" \
  SESSION_BOOTSTRAP_TOKEN="$TOKEN" SESSION_RATE_LIMIT_PER_MINUTE=0 SESSION_RATE_LIMIT_EXPENSIVE_PER_MINUTE=1000000 \
  SESSION_CLEANUP_INTERVAL=0 SESSION_USAGE_JOB_INTERVAL=0 \
  java -Xms"$HEAP" -Xmx"$HEAP" -jar "$JAR" serve >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!
PIDS+=("$SERVICE_PID")
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null 2>&1 && break
  kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$WORK/service.log"; exit 1; }
  sleep 0.5
done

seed "$SESSIONS" "$((SESSIONS / 10))"
DETAIL=$((SESSIONS / 2))
start=$EPOCHREALTIME
psql_db sessionkeeper -v tenant="$TENANT" -v per_session="$PER_SESSION" -v detail="$DETAIL" \
  -f "$BENCH_DIR/sql/seed-usage.sql"
log "usage seeded in $(elapsed "$start") s: $(psql_db sessionkeeper -Atc "SELECT pg_size_pretty(pg_total_relation_size('session_samples_default')
  + (SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'session_samples'::regclass))") of samples"
psql_db sessionkeeper -c "VACUUM ANALYZE session_samples" -c "CHECKPOINT" >/dev/null

uuid() { psql_db sessionkeeper -Atc "SELECT md5('$1')::uuid"; }
SESSION_ID=$(uuid "$TENANT/id/$DETAIL")
NAS_ID=$(uuid "$TENANT/nas/3")
NOW=$(date -u +%Y-%m-%dT%H:%M:00Z)
WEEK=$(date -u -d '7 days ago' +%Y-%m-%dT%H:%M:00Z)
MONTH=$(date -u -d '30 days ago' +%Y-%m-%dT%H:%M:00Z)

measure() {
  local name="$1" target="$2" url="$3" line p95
  curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" "$url" || { log "$name: request failed: $url"; return; }
  wrk -t1 -c"$CONNECTIONS" -d3s -H "Authorization: Bearer $TOKEN" "$url" >/dev/null 2>&1   # warm-up
  line=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -s "$BENCH_DIR/wrk/report.lua" -H "Authorization: Bearer $TOKEN" "$url" | grep '^RESULT')
  p95=$(awk '{ for (i = 1; i < NF; i++) if ($i == "p95_ms") print $(i + 1) }' <<<"$line")
  printf '%-28s %s  target p95 <= %s ms: %s\n' "$name" "${line#RESULT }" "$target" \
    "$(awk -v p="$p95" -v t="$target" 'BEGIN { print (p <= t) ? "met" : "NOT met" }')"
}

points=$(curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$HTTP_PORT/api/sessions/$SESSION_ID/bandwidth?interval=5m&from=$WEEK&to=$NOW" \
  | grep -o '"timestamp"' | wc -l)
log "$SESSIONS sessions x $PER_SESSION samples; the 7-day session gives $points points at 5m; load average $(loadavg)"
measure "session 7 days at 5m" 30 "http://127.0.0.1:$HTTP_PORT/api/sessions/$SESSION_ID/bandwidth?interval=5m&from=$WEEK&to=$NOW"
measure "customer 30 days at 1h" 50 "http://127.0.0.1:$HTTP_PORT/api/customers/user1234/bandwidth?interval=1h&from=$MONTH&to=$NOW"
measure "NAS 30 days at 1h" 50 "http://127.0.0.1:$HTTP_PORT/api/nas/$NAS_ID/bandwidth?interval=1h&from=$MONTH&to=$NOW"
log "load average after: $(loadavg)"
