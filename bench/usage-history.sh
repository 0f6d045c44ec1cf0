#!/usr/bin/env bash
# Usage history read benchmark (issue 13): SESSIONS sessions seeded set-based (bench/seed.sh, 10 % active) with
# PER_SESSION samples each (bench/sql/seed-usage.sql; 1,000,000 x 12 = 12M samples by default), one session with 7
# days of 5-minute samples, 30 days of roll-ups of a NAS and a customer; then over HTTP with wrk (CONNECTIONS
# connections, DURATION each, after a 3 s warm-up), p95 against the issue's targets:
#   a 7-day session at 5m (2,016 points)          <= 30 ms
#   a customer and a NAS over 30 days at 1h        <= 50 ms
#   bench/usage-history.sh                     # SESSIONS=1000000 PER_SESSION=12
#   SESSIONS=20000 DURATION=5s bench/usage-history.sh     # a quick check that it works
#   BASE_JAR=/tmp/base.jar bench/usage-history.sh   # then the same three series on another jar, same data
#   EXPLAIN=1 bench/usage-history.sh   # and EXPLAIN (ANALYZE, BUFFERS) of the NAS's raw-tail statements
#   ROLL=1 BASE_JAR=... bench/usage-history.sh   # the NAS's series with 18 and 85 min of samples on both jars
#   DENSE_TAIL=1 bench/usage-history.sh   # and 12 samples of every open session in the last hour (production's density)
#   ROLL=1 DENSE_TAIL=1 bench/usage-history.sh   # the dense samples over the last 2 hours, the usage job times its
#                                                # roll of the last hour (ADR 60); the NAS's series with 18 and 85 min
#                                                # of samples after the roll-ups, its default series (the last day) and
#                                                # its last hour at 1m (from the samples: no target; ADR 62)
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
TENANT=default

need_packages wrk postgresql-15 curl
build_jar_if_missing
log "machine: $(machine)"
log "load average before: $(loadavg)"
pg_start
psql_db postgres -c "CREATE DATABASE sessionkeeper"

start_service SESSION_USAGE_JOB_INTERVAL=0

seed "$SESSIONS" "$((SESSIONS / 10))"
DETAIL=$((SESSIONS / 2))
start=$EPOCHREALTIME
psql_db sessionkeeper -v tenant="$TENANT" -v per_session="$PER_SESSION" -v detail="$DETAIL" \
  -f "$BENCH_DIR/sql/seed-usage.sql"
log "usage seeded in $(elapsed "$start") s: $(psql_db sessionkeeper -Atc "SELECT pg_size_pretty(pg_total_relation_size('session_samples_default')
  + (SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'session_samples'::regclass))") of samples"
if [[ "${DENSE_TAIL:-0}" == 1 ]]; then
  start=$EPOCHREALTIME
  psql_db sessionkeeper -v tenant="$TENANT" -v hours="$([[ "${ROLL:-0}" == 1 ]] && echo 2 || echo 1)" \
    -f "$BENCH_DIR/sql/seed-usage-dense-tail.sql"
  log "dense last hour (every open session, 12 samples) seeded in $(elapsed "$start") s"
fi
psql_db sessionkeeper -c "VACUUM ANALYZE session_samples" -c "CHECKPOINT" >/dev/null
if [[ "${ROLL:-0}" == 1 ]]; then
  # ADR 60: the job rolls each quarter-hour 2 minutes after its end; timed here on the last hour's quarters. First
  # it catches up from 2 hours back, untimed: the seed's roll-ups end at this hour, and the first roll of an open
  # session whose seeded samples are days older than the dense hours recomputes every hour in between (a session
  # silent for days, which the seed makes and production hardly has). Then the last hour's session hours are deleted,
  # the watermark moved back to it, and the job rolls it again (its first round runs at start), as it does in service:
  # each session's sample before it lies minutes before, in the dense hour before. The round's time is in the log.
  roll_round() {
    stop_service
    local began=$EPOCHREALTIME
    start_service SESSION_USAGE_JOB_INTERVAL=1m
    for _ in $(seq 1 1800); do
      grep -q "hours rolled (" "$WORK/service.log" && break   # a jar before ADR 60 says "N hours rolled ("
      sleep 1
    done
    log "usage job: $(grep -o 'usage history: .*' "$WORK/service.log" | tail -1) (seen $(elapsed "$began") s after the start)"
    cat "$WORK/service.log" >> "$WORK/service.log.rolled"; : > "$WORK/service.log"
  }
  FROM_Q=$(psql_db sessionkeeper -Atc "SELECT date_trunc('hour', now()) - interval '1 hour'")
  CATCH_UP=$(psql_db sessionkeeper -Atc "SELECT date_trunc('hour', now()) - interval '2 hours'")
  psql_db sessionkeeper -c "UPDATE usage_rollup_state SET claimed_until = '$CATCH_UP', rolled_until = '$CATCH_UP'" >/dev/null
  log "usage job: catching up from $CATCH_UP (untimed)"
  roll_round
  psql_db sessionkeeper -c "DELETE FROM usage_session_hours WHERE hour >= '$FROM_Q'" \
    -c "UPDATE usage_rollup_state SET claimed_until = '$FROM_Q', rolled_until = '$FROM_Q'" -c "VACUUM ANALYZE usage_session_hours" >/dev/null
  log "usage job: the quarters since $FROM_Q again, their session hours deleted first"
  roll_round
  ROLLED_TO=$(psql_db sessionkeeper -Atc "SELECT rolled_until FROM usage_rollup_state")
  log "usage job: rolled $FROM_Q to $ROLLED_TO: $(psql_db sessionkeeper -Atc "SELECT count(*) FROM session_samples
    WHERE sampled_at >= '$FROM_Q' AND sampled_at < '$ROLLED_TO'") samples in that range, $(psql_db sessionkeeper -Atc \
    "SELECT count(*) FROM usage_session_hours WHERE hour >= '$FROM_Q'") session hours; raw tail after it:" \
    "$(psql_db sessionkeeper -Atc "SELECT round(extract(epoch FROM now() - '$ROLLED_TO'::timestamptz) / 60)") min"
  stop_service
  start_service SESSION_USAGE_JOB_INTERVAL=0
fi

uuid() { psql_db sessionkeeper -Atc "SELECT md5('$1')::uuid"; }
SESSION_ID=$(uuid "$TENANT/id/$DETAIL")
NAS_ID=$(uuid "$TENANT/nas/3")
NOW=$(date -u +%Y-%m-%dT%H:%M:00Z)
WEEK=$(date -u -d '7 days ago' +%Y-%m-%dT%H:%M:00Z)
MONTH=$(date -u -d '30 days ago' +%Y-%m-%dT%H:%M:00Z)
HOUR_AGO=$(date -u -d '1 hour ago' +%Y-%m-%dT%H:%M:00Z)


points=$(curl -fsS -H "Authorization: Bearer $BENCH_TOKEN" "http://127.0.0.1:$HTTP_PORT/api/sessions/$SESSION_ID/bandwidth?interval=5m&from=$WEEK&to=$NOW" \
  | grep -o '"timestamp"' | wc -l)
log "$SESSIONS sessions x $PER_SESSION samples; the 7-day session gives $points points at 5m; load average $(loadavg)"
measure "session 7 days at 5m" "http://127.0.0.1:$HTTP_PORT/api/sessions/$SESSION_ID/bandwidth?interval=5m&from=$WEEK&to=$NOW" 30
measure "customer 30 days at 1h" "http://127.0.0.1:$HTTP_PORT/api/customers/user1234/bandwidth?interval=1h&from=$MONTH&to=$NOW" 50
measure "NAS 30 days at 1h" "http://127.0.0.1:$HTTP_PORT/api/nas/$NAS_ID/bandwidth?interval=1h&from=$MONTH&to=$NOW" 50
# the NAS series with a raw tail full of samples (the seed's end, not now, is their last instant): as long as the
# tail at worst with the roll-ups by the quarter (18 min: a quarter, the 2 minutes' settling, the job's minute) and
# with the hourly ones before (85 min: an hour, 10 minutes' settling, the job's 15 minutes). Since ADR 62 a NAS's
# series reads no samples while the roll-ups are within an hour of now (18 min), and the samples after them when they
# are further behind (85 min: the job stopped or catching up), as every NAS series did before.
measure_tails() {
  local label="$1"
  for tail in 18 85; do
    psql_db sessionkeeper -c "UPDATE usage_rollup_state SET rolled_until =
      (SELECT max(sampled_at) FROM session_samples WHERE sampled_at <= now()) - interval '$tail minutes'" >/dev/null
    log "raw tail: the last $tail min of samples, the roll-ups $(psql_db sessionkeeper -Atc "SELECT round(extract(epoch
      FROM now() - rolled_until) / 60) FROM usage_rollup_state") min behind now; load average $(loadavg)"
    measure "${label}NAS 30 days at 1h, $tail min of samples" "http://127.0.0.1:$HTTP_PORT/api/nas/$NAS_ID/bandwidth?interval=1h&from=$MONTH&to=$NOW" 50
    if [[ "$tail" == 18 ]]; then
      # the default series (the last day, no interval): 5m from the samples before ADR 62, 15m from the roll-ups since
      measure "${label}NAS default (the last day, no interval), $tail min of samples" "http://127.0.0.1:$HTTP_PORT/api/nas/$NAS_ID/bandwidth" 50
      # the last minutes of a NAS come from its sessions' samples, at a cost per session online (no target)
      measure "${label}NAS last hour at 1m, $tail min of samples" "http://127.0.0.1:$HTTP_PORT/api/nas/$NAS_ID/bandwidth?interval=1m&from=$HOUR_AGO&to=$NOW"
    fi
  done
  psql_db sessionkeeper -c "UPDATE usage_rollup_state SET rolled_until = '$ROLLED_TO'" >/dev/null
}
if [[ "${ROLL:-0}" == 1 ]]; then
  measure_tails ""
fi
if [[ -n "${BASE_JAR:-}" ]]; then
  stop_service
  JAR="$BASE_JAR"
  start_service SESSION_USAGE_JOB_INTERVAL=0
  log "the same series on $BASE_JAR; load average $(loadavg)"
  measure "base: session 7 days at 5m" "http://127.0.0.1:$HTTP_PORT/api/sessions/$SESSION_ID/bandwidth?interval=5m&from=$WEEK&to=$NOW" 30
  measure "base: customer 30 days at 1h" "http://127.0.0.1:$HTTP_PORT/api/customers/user1234/bandwidth?interval=1h&from=$MONTH&to=$NOW" 50
  measure "base: NAS 30 days at 1h" "http://127.0.0.1:$HTTP_PORT/api/nas/$NAS_ID/bandwidth?interval=1h&from=$MONTH&to=$NOW" 50
  if [[ "${ROLL:-0}" == 1 ]]; then
    measure_tails "base: "
  fi
fi
if [[ "${EXPLAIN:-0}" == 1 ]]; then
  # the NAS's sessions of the raw tail [rolled_until, NOW): by the NAS's index (before ADR 61) and as ADR 61 reads them
  ROLLED=$(psql_db sessionkeeper -Atc "SELECT rolled_until FROM usage_rollup_state")
  psql_db sessionkeeper -v tenant="$TENANT" -v nas="$NAS_ID" -v f="$ROLLED" -v t="$NOW" <<'SQL'
\echo sessions of the NAS by sessions_tenant_nas_start_idx
EXPLAIN (ANALYZE, BUFFERS) SELECT id, stop_time, interim_interval_seconds FROM sessions
WHERE tenant_id = :'tenant' AND nas_id = :'nas' AND start_time < :'t' AND (stop_time IS NULL OR stop_time >= :'f');
\echo sessions of the NAS: its open ones and those closed since, ADR 61 (PostgresUsageHistory.SESSIONS_OF_NAS)
EXPLAIN (ANALYZE, BUFFERS) SELECT id, stop_time, interim_interval_seconds
FROM (SELECT id, stop_time, interim_interval_seconds, tenant_id, start_time FROM sessions
      WHERE nas_id = :'nas' AND num_nulls(stop_time) = 1 OFFSET 0) AS o
WHERE tenant_id = :'tenant' AND start_time < :'t'
UNION ALL
SELECT id, stop_time, interim_interval_seconds
FROM (SELECT id, stop_time, interim_interval_seconds, tenant_id, start_time FROM sessions
      WHERE nas_id = :'nas' AND stop_time >= :'f' OFFSET 0) AS c
WHERE tenant_id = :'tenant' AND start_time < :'t'
UNION ALL
SELECT id, stop_time, interim_interval_seconds FROM sessions_history
WHERE tenant_id = :'tenant' AND nas_id = :'nas' AND start_time < :'t' AND stop_time >= :'f'
  AND :'f'::timestamptz < now() - interval '6 days';
SQL
fi
log "load average after: $(loadavg)"
