#!/usr/bin/env bash
# Analytics benchmark (issue 16): SIZE sessions seeded set-based (bench/seed.sh, ACTIVE open, default 1 %), the
# concurrency roll-up run by the service until the seeded history is in (SESSION_ANALYTICS_JOB_INTERVAL=1s: the
# first run counts the open sessions and the last hours, each further run a day of history, 91 at most), then each
# analytics request measured over HTTP with wrk (CONNECTIONS connections, DURATION each, after a 3 s warm-up):
# p50/p95/p99 per request. Targets of issue 16 at 10M sessions (100k open): peak times p95 <= 100 ms, multi-device
# <= 100 ms, comparison <= 20 ms, NAS health <= 20 ms. Multi-device reads the findings of the job's scan (ADR 0048):
# the script waits for a scan after the history is in and prints its cost. Each round of the 91-day roll-up also
# scans (seconds at 10M when every user is online twice); HISTORY=0 makes one round only (peak times then count the
# open sessions and the last hours, nothing older):
#   HISTORY=0 bench/analytics.sh
#   bench/analytics.sh                  # SIZE=10000000 ACTIVE=100000
#   SIZE=20000 DURATION=3s bench/analytics.sh
# The service starts first with the job off (it migrates the schema), the seed goes in, then the service starts
# again with the job on: a first run before the seed would take the seeded days for past history already counted.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/seed.sh"

SIZE="${SIZE:-10000000}"
ACTIVE="${ACTIVE:-$((SIZE / 100))}"
DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-1}"
HEAP="${HEAP:-512m}"
HTTP_PORT="${HTTP_PORT:-18080}"
ROLLUP_TIMEOUT="${ROLLUP_TIMEOUT:-3600}"   # seconds to wait for the roll-up to count the seeded history
HISTORY="${HISTORY:-1}"   # 0: one analytics round (open sessions, the last hours, the scan), not 91 days of history
TENANT=default

need_packages wrk postgresql-15 curl
build_jar_if_missing
log "machine: $(machine)"
log "load average before: $(loadavg)"
pg_start
psql_db postgres -c "CREATE DATABASE sessionkeeper"

BASE="http://127.0.0.1:$HTTP_PORT/api"
start_service SESSION_USAGE_JOB_INTERVAL=0 SESSION_ALERT_SWEEP_INTERVAL=0 SESSION_ANALYTICS_JOB_INTERVAL=0
seed "$SIZE" "$ACTIVE"
# The seeded NAS carry no readable secret (seed-reference.sql) and are left out of NAS listings and NAS health, so
# 20 NAS are registered through the API (bench-nas-0 .. 19); the sessions of seed NAS 3 are moved to bench-nas-3,
# for the peak times of one NAS. Then what NAS health and top users read (bench/sql/seed-analytics.sql).
for k in $(seq 0 19); do
  id=$(curl -fsS -X POST "$BASE/nas" -H "Authorization: Bearer $BENCH_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench-nas-$k\",\"ipAddress\":\"10.254.0.$((k + 1))\",\"secret\":\"bench-secret-0123456789\",\"vendor\":\"mikrotik\"}" |
    sed -n 's/.*"id":"\([0-9a-f-]*\)".*/\1/p')
  [[ -n "$id" ]] || { log "could not register NAS bench-nas-$k"; exit 1; }
  if [[ $k == 3 ]]; then NAS_ID="$id"; fi
done
psql_db sessionkeeper -c "UPDATE sessions SET nas_id = '$NAS_ID' WHERE tenant_id = '$TENANT'
  AND nas_id = md5('$TENANT/nas/3')::uuid" -c "VACUUM ANALYZE sessions" >/dev/null
start=$EPOCHREALTIME
rows=$(psql_db sessionkeeper -At -F ' ' -v tenant="$TENANT" -f "$BENCH_DIR/sql/seed-analytics.sql" | tail -1)
log "NAS health and usage roll-ups seeded in $(elapsed "$start") s: $rows (customer days, session hours, NAS packet minutes)"
psql_db sessionkeeper -c "CHECKPOINT" >/dev/null
stop_service
psql_db sessionkeeper -c "TRUNCATE concurrency_tracked, concurrency_nas_hours, concurrency_tenant_hours" \
  -c "UPDATE concurrency_state SET counted_until = NULL, backfill_from = NULL, backfill_to = NULL" >/dev/null
start=$EPOCHREALTIME
if [[ "$HISTORY" == 1 ]]; then
  start_service SESSION_USAGE_JOB_INTERVAL=0 SESSION_ALERT_SWEEP_INTERVAL=0 SESSION_ANALYTICS_JOB_INTERVAL=1s
  history_counted="SELECT counted_until IS NOT NULL AND backfill_to IS NULL FROM concurrency_state"
else
  # one round: the open sessions and the last hours, then the scan
  start_service SESSION_USAGE_JOB_INTERVAL=0 SESSION_ALERT_SWEEP_INTERVAL=0 SESSION_ANALYTICS_JOB_INTERVAL=1h
  history_counted="SELECT counted_until IS NOT NULL FROM concurrency_state"
fi
for _ in $(seq 1 "$ROLLUP_TIMEOUT"); do
  done_yet=$(psql_db sessionkeeper -Atc "$history_counted")
  [[ "$done_yet" == t ]] && break
  sleep 1
done
[[ "$done_yet" == t ]] || { log "the roll-up did not count the history within $ROLLUP_TIMEOUT s"; exit 1; }
log "concurrency roll-up: history counted in $(elapsed "$start") s;" \
  "$(psql_db sessionkeeper -Atc "SELECT count(*) FROM concurrency_nas_hours") NAS hours," \
  "$(psql_db sessionkeeper -Atc "SELECT count(*) FROM concurrency_tenant_hours") tenant hours," \
  "$(psql_db sessionkeeper -Atc "SELECT count(*) FROM concurrency_tracked") sessions tracked"
# multi-device findings come from the job's scan (ADR 0048), which runs after each roll-up: wait for one that began
# after the history was in, and say what it cost
counted=$(psql_db sessionkeeper -Atc "SELECT counted_until FROM concurrency_state")
for _ in $(seq 1 600); do
  scanned=$(psql_db sessionkeeper -Atc "SELECT count(*) FROM multi_device_scans WHERE tenant_id = '$TENANT'
    AND scanned_at >= '$counted'")
  [[ "$scanned" == 1 ]] && break
  sleep 1
done
[[ "$scanned" == 1 ]] || { log "no multi-device scan within 600 s of the roll-up"; exit 1; }
log "multi-device scan: $(psql_db sessionkeeper -At -F ' ' -c "SELECT 'candidates', candidates, 'took_ms', took_ms,
  'truncated', truncated FROM multi_device_scans WHERE tenant_id = '$TENANT'")," \
  "$(psql_db sessionkeeper -Atc "SELECT count(*) FROM multi_device_findings WHERE tenant_id = '$TENANT'") findings"

log "size $SIZE ($ACTIVE open), load average $(loadavg), wrk $CONNECTIONS connections x $DURATION per request"
measure "peak times 30d" "$BASE/sessions/analytics/peak-times?days=30&timeZone=Europe/Berlin" 100
measure "peak times 90d" "$BASE/sessions/analytics/peak-times?days=90&timeZone=Asia/Kathmandu" 100
measure "peak times 90d one NAS" "$BASE/sessions/analytics/peak-times?days=90&nasId=$NAS_ID" 100
measure "multi-device" "$BASE/sessions/fraud/multi-device?page=1&pageSize=20" 100
measure "comparison" "$BASE/customers/user1234/session-comparison" 20
measure "NAS health" "$BASE/nas/health" 20
measure "top users today" "$BASE/sessions/analytics/top-users?period=today&limit=10&timeZone=Asia/Kathmandu"
measure "top users 7d" "$BASE/sessions/analytics/top-users?period=7d&limit=10"
measure "top users 30d" "$BASE/sessions/analytics/top-users?period=30d&limit=10"
if [[ "${EXPLAIN:-1}" == 1 ]]; then
  log "EXPLAIN of a page of multi-device findings at $SIZE (what a request reads, ADR 0048):"
  psql_db sessionkeeper -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
    SELECT username, score, reasons, active_sessions, randomized_macs, evidence FROM multi_device_findings
    WHERE tenant_id = '$TENANT' ORDER BY score DESC, username LIMIT 20 OFFSET 0" | sed 's/^/  /'
  log "EXPLAIN of the multi-device candidates at $SIZE (what each scan reads):"
  psql_db sessionkeeper -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
    SELECT username FROM (
      SELECT username FROM sessions WHERE stop_time IS NULL AND nas_id IN (SELECT id FROM nas WHERE tenant_id = '$TENANT')
      GROUP BY username HAVING count(*) >= 2
      UNION
      SELECT username FROM sessions WHERE tenant_id = '$TENANT' AND start_time >= now() - interval '24 hours'
      GROUP BY username HAVING count(DISTINCT mac_address) >= 3) u ORDER BY username LIMIT 200001" | sed 's/^/  /'
fi
log "load average after: $(loadavg)"
