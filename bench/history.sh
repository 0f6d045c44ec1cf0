#!/usr/bin/env bash
# Session history benchmark (issue 17, ADR 0049): an installation with SIZE sessions over MONTHS months, laid out as
# archival leaves it, then what operators and accounting feel of it.
#   - history: SIZE - HOT - 2 x MONTH_ROWS sessions stopped between MONTHS months and 121 days ago, in sessions_history
#     (month partitions made here as the job makes them; indexes dropped for the bulk insert and rebuilt);
#   - the hot part: HOT sessions of the last 60 days (HOT/10 open; bench/seed.sh), plus 2 x MONTH_ROWS sessions
#     that stopped 91-150 days ago, still in `sessions`: two months that archival has yet to move;
#   - usage samples (the issue: for a recent slice only): SAMPLES_PER_SESSION (12) for each session started in the
#     last SAMPLES_SINCE (7 days), with 31 days of roll-ups (bench/sql/seed-usage.sql).
# Measured:
#   1. ingest (session-loadgen, SUBSCRIBERS x (INTERIMS + 2) packets, NAS NAS) into a fresh database, before the seed:
#      a warm-up, then three runs (the median is the figure; each run's CPU a packet, WAL and HOT share are logged);
#   2. the same on the seeded database (issue: >= 90 % of the fresh rate);
#   3. the API over HTTP with wrk (CONNECTIONS connections, DURATION each, after a 3 s warm-up): listings, detail of a
#      hot and of an archived session, IP-at-time in the hot part and in the history, statistics (issue: list and
#      detail p95 <= 20 ms, IP-at-time p95 <= 20 ms, stats <= 50 ms);
#   4. `session-app archive` moving a month of MONTH_ROWS sessions (issue: 1M <= 60 s): first with nothing else
#      running (SESSION_ARCHIVE_AFTER=120d: those stopped 120-150 days ago), then the other month while the load
#      generator runs at its open rate, with the ingest rate during it against the rate before it (issue: >= 70 %).
#   bench/history.sh                                  # SIZE=30000000 MONTHS=24
#   SIZE=10000000 bench/history.sh                    # the 10M point of the extrapolation
#   SIZE=300000 HOT=100000 MONTH_ROWS=50000 DURATION=3s bench/history.sh   # a quick run of the script itself
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/seed.sh"

SIZE="${SIZE:-30000000}"
MONTHS="${MONTHS:-24}"
HOT="${HOT:-$((SIZE / 8))}"
MONTH_ROWS="${MONTH_ROWS:-1000000}"
DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-1}"
HEAP="${HEAP:-512m}"
HTTP_PORT="${HTTP_PORT:-18080}"
RADIUS_PORT="${RADIUS_PORT:-18132}"
SUBSCRIBERS="${SUBSCRIBERS:-40000}"
INTERIMS="${INTERIMS:-3}"
NAS="${NAS:-4}"
ARCHIVE_LOAD_SUBSCRIBERS="${ARCHIVE_LOAD_SUBSCRIBERS:-400000}"   # the load during archival (stopped when it ends)
SAMPLES_SINCE="${SAMPLES_SINCE:-7 days}"   # sessions started this recently get usage samples (bench/sql/seed-usage.sql)
SAMPLES_PER_SESSION="${SAMPLES_PER_SESSION:-12}"
TENANT=default
SECRET="bench-secret-0123456789"
# what docs/operations.md asks of an installation of this size: at the default max_wal_size (1GB) a round of archival
# checkpointed every 15 s, and each checkpoint made the next index pages touched be written whole into the WAL again
# (a month of 1M: 61-75 s at 1GB, 55 s for 1.16M at 4GB on the same database); those whole pages compressed (lz4),
# a round of ~450,000 moved in 15 % less time, in both orders (a whole month end to end did not show it:
# docs/benchmarks.md, "Fourth pass")
PG_CONF="${PG_CONF-$'max_wal_size = 4GB\nwal_compression = lz4'}"
HISTORY_ROWS=$((SIZE - HOT - 2 * MONTH_ROWS))

need_packages wrk postgresql-15 curl
build_jar_if_missing
build_loadgen_jar_if_missing
log "machine: $(machine)"
log "load average before: $(loadavg)"
log "history: $HISTORY_ROWS sessions over $MONTHS months; hot: $HOT (last 60 days) + $((2 * MONTH_ROWS)) stopped 91-150 days ago"
pg_start
psql_db postgres -c "CREATE DATABASE sessionkeeper"
# what else PostgreSQL did during a measured step: autovacuum and checkpoints into pg.log (step_note)
psql_db postgres -c "ALTER SYSTEM SET log_autovacuum_min_duration = 0" -c "ALTER SYSTEM SET log_checkpoints = on" \
  -c "SELECT pg_reload_conf()" >/dev/null
# step_begin / step_note: the machine's CPU over a step (user, system, idle, steal: the VM's host taking the CPU) and
# the autovacuum runs and checkpoints PostgreSQL logged meanwhile. A run of 2026-12-03 had every request of its API
# step 1.5-5x slower than the run before on the same code and data, with nothing of this recorded.
cpu_times() { awk '/^cpu / { print $2 + $3, $4, $5 + $6, $9 }' /proc/stat; }
step_begin() { STEP_CPU="$(cpu_times)"; STEP_LOG_AT=$(stat -c %s "$WORK/pg.log"); }
step_note() {
  local cpu
  cpu=$(awk -v a="$STEP_CPU" -v b="$(cpu_times)" 'BEGIN { split(a, x, " "); split(b, y, " "); t = 0
    for (i = 1; i <= 4; i++) { d[i] = y[i] - x[i]; t += d[i] }
    if (t == 0) t = 1
    printf "CPU user %.0f %%, system %.0f %%, idle %.0f %%, steal %.1f %%", 100 * d[1] / t, 100 * d[2] / t, 100 * d[3] / t, 100 * d[4] / t }')
  log "  during the step: $cpu; PostgreSQL: $(tail -c +$((STEP_LOG_AT + 1)) "$WORK/pg.log" |
    grep -oE 'automatic (vacuum|analyze) of table "[^"]*"|checkpoint starting: [a-z ]*' | sort | uniq -c |
    awk '{ $1 = $1 "x"; print }' | paste -sd ';' - | sed 's/^$/no autovacuum, no checkpoint/')"
}
JOBS_OFF=(SESSION_ARCHIVE_JOB_INTERVAL=0 SESSION_USAGE_JOB_INTERVAL=0 SESSION_ANALYTICS_JOB_INTERVAL=0
  SESSION_ALERT_SWEEP_INTERVAL=0)
start_service "${JOBS_OFF[@]}"
BASE="http://127.0.0.1:$HTTP_PORT/api"
for i in $(seq 2 $((NAS + 1))); do
  curl -fsS -o /dev/null -X POST "$BASE/nas" -H "Authorization: Bearer $BENCH_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench-nas-$i\",\"ipAddress\":\"127.0.0.$i\",\"secret\":\"$SECRET\",\"vendor\":\"mikrotik\"}"
done

# $1 run id, $2 subscribers, $3 extra loadgen arguments...; prints the loadgen's summary and what the run cost (CPU
# of the service and of PostgreSQL a packet, full page images and WAL, the HOT share of the updates of `sessions`),
# keeps its per-second lines
loadgen() {
  local id="$1" subscribers="$2" before after service0 pg0
  shift 2
  wal_and_updates() { psql_db sessionkeeper -At -F ' ' -c "SELECT w.wal_fpi, w.wal_bytes, t.n_tup_upd, t.n_tup_hot_upd
    FROM pg_stat_wal w, pg_stat_user_tables t WHERE t.relid = 'sessions'::regclass"; }
  before=$(wal_and_updates)
  service0=$(cpu_seconds "$SERVICE_PID")
  pg0=$(pg_cpu_seconds)
  java -Xmx1g -jar "$LOADGEN_JAR" --server "127.0.0.1:$RADIUS_PORT" --secret "$SECRET" --nas "$NAS" \
    --sockets-per-nas 2 --window 256 --subscribers "$subscribers" --interims "$INTERIMS" --run-id "$id" \
    --max-seconds 900 "$@" >"$WORK/loadgen-$id.txt" 2>&1 || true
  after=$(wal_and_updates)
  grep -E '^(requests|elapsed|ack latency)' "$WORK/loadgen-$id.txt" | sed "s/^/  $id: /"
  awk -v b="$before" -v a="$after" -v s0="$service0" -v s1="$(cpu_seconds "$SERVICE_PID")" -v p0="$pg0" \
    -v p1="$(pg_cpu_seconds)" -v n="$((subscribers * (INTERIMS + 2)))" -v id="$id" 'BEGIN {
      split(b, x, " "); split(a, y, " "); u = y[3] - x[3]
      printf "  %s: CPU a packet: service %.1f us, PostgreSQL %.1f us; %d full page images, %.0f MB WAL; HOT %.1f %% of %d updates\n",
        id, (s1 - s0) * 1e6 / n, (p1 - p0) * 1e6 / n, y[1] - x[1], (y[2] - x[2]) / 1048576, u ? 100 * (y[4] - x[4]) / u : 0, u }'
}
rate_of() { sed -n 's/.*, \([0-9]*\) packets\/s acknowledged.*/\1/p' "$WORK/loadgen-$1.txt"; }

log "1. ingest into a fresh database: $SUBSCRIBERS subscribers x $((INTERIMS + 2)) packets, $NAS NAS (after a warm-up)"
loadgen warmup 20000 >/dev/null
# Three runs, their median the figure: single runs of the same load on the same database spread by up to a
# quarter on this machine (11,909 and 14,855 packets/s fresh in two runs of 2026-12-03; docs/benchmarks.md).
median_rate() { printf '%s\n' "$(rate_of "${1}1")" "$(rate_of "${1}2")" "$(rate_of "${1}3")" | sort -n | sed -n 2p; }
measured_runs() {
  local r
  step_begin
  for r in 1 2 3; do loadgen "$1$r" "$SUBSCRIBERS"; done
  log "  $1: $(rate_of "${1}1"), $(rate_of "${1}2"), $(rate_of "${1}3") packets/s; median $(median_rate "$1")"
  step_note
}
measured_runs fresh
FRESH_RATE=$(median_rate fresh)
psql_db sessionkeeper -c "TRUNCATE sessions, sessions_history, session_samples, session_events, usage_dirty_hours" >/dev/null

log "seeding the hot part"
seed "$HOT" "$((HOT / 10))"
SEED_NOW=$(psql_db sessionkeeper -Atc "SELECT now()")
start=$EPOCHREALTIME
psql_db sessionkeeper -At -v tenant="$TENANT" -v table=sessions -v from=$((HOT + 1)) -v to=$((HOT + 2 * MONTH_ROWS)) \
  -v now="$SEED_NOW" -v oldest='150 days' -v newest='91 days' -f "$BENCH_DIR/sql/seed-history.sql" >/dev/null
log "  + $((2 * MONTH_ROWS)) sessions stopped 91-150 days ago into sessions (indexes in place) in $(elapsed "$start") s"

log "seeding the history: month partitions, indexes dropped, $HISTORY_ROWS rows, indexes rebuilt"
start=$EPOCHREALTIME
psql_db sessionkeeper >/dev/null <<SQL
DO \$\$
DECLARE
  m date := date_trunc('month', now() AT TIME ZONE 'UTC')::date - make_interval(months => $MONTHS);
BEGIN
  WHILE m <= date_trunc('month', now() AT TIME ZONE 'UTC')::date + interval '2 months' LOOP
    IF to_regclass('sessions_history_p' || to_char(m, 'YYYYMM')) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF sessions_history FOR VALUES FROM (%L) TO (%L)',
        'sessions_history_p' || to_char(m, 'YYYYMM'), m::timestamp AT TIME ZONE 'UTC',
        (m + interval '1 month')::timestamp AT TIME ZONE 'UTC');
    END IF;
    m := m + interval '1 month';
  END LOOP;
END \$\$;
SQL
# the partitioned indexes of the parent (pg_indexes writes them ON ONLY the parent; rebuilt on the parent, they
# build on every partition)
psql_db sessionkeeper -At -c "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()
  AND tablename = 'sessions_history' AND indexname <> 'sessions_history_pk' ORDER BY indexname" >"$WORK/history-indexes.sql"
psql_db sessionkeeper -c "ALTER TABLE sessions_history DROP CONSTRAINT sessions_history_pk" \
  -c "$(awk '{ sub(/^CREATE INDEX /, ""); print "DROP INDEX " $1 ";" }' "$WORK/history-indexes.sql")" >/dev/null
insert_history() {
  psql_db sessionkeeper -At -v tenant="$TENANT" -v table=sessions_history -v from="$1" -v to="$2" -v now="$SEED_NOW" \
    -v oldest="$3" -v newest='121 days' -f "$BENCH_DIR/sql/seed-history.sql" >/dev/null
}
export -f insert_history
export SEED_NOW TENANT
first=$((HOT + 2 * MONTH_ROWS + 1))
for ((from = first; from <= SIZE; from += SEED_SLICE)); do
  echo "$from $((from + SEED_SLICE - 1 < SIZE ? from + SEED_SLICE - 1 : SIZE)) $((MONTHS * 30)) days"
done | xargs -n 4 -P "$SEED_JOBS" bash -c 'insert_history "$1" "$2" "$3 $4"' _
log "  inserted in $(elapsed "$start") s"
start=$EPOCHREALTIME
( echo "ALTER TABLE sessions_history ADD CONSTRAINT sessions_history_pk PRIMARY KEY (tenant_id, id, stop_time)"
  sed 's/ ON ONLY / ON /' "$WORK/history-indexes.sql" ) | tr '\n' '\0' | xargs -0 -n 1 -P "$INDEX_JOBS" bash -c 'build_index "$1"' _
psql_db sessionkeeper -c "VACUUM ANALYZE sessions_history" -c "VACUUM ANALYZE sessions" -c "CHECKPOINT" >/dev/null
log "  indexes, vacuum, checkpoint in $(elapsed "$start") s;" \
  "$(psql_db sessionkeeper -Atc "SELECT 'history ' || pg_size_pretty(sum(pg_table_size(c.oid))) || ' table, '
      || pg_size_pretty(sum(pg_indexes_size(c.oid))) || ' indexes, ' || count(*) || ' partitions'
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'sessions_history'::regclass"); hot
    $(psql_db sessionkeeper -Atc "SELECT pg_size_pretty(pg_table_size('sessions')) || ' table, '
      || pg_size_pretty(pg_indexes_size('sessions')) || ' indexes'")"
log "seeding usage samples: $SAMPLES_PER_SESSION for each session started in the last $SAMPLES_SINCE (the issue: a recent slice only)"
start=$EPOCHREALTIME
psql_db sessionkeeper -v tenant="$TENANT" -v per_session="$SAMPLES_PER_SESSION" -v detail=1 -v since="$SAMPLES_SINCE" \
  -f "$BENCH_DIR/sql/seed-usage.sql" >/dev/null
psql_db sessionkeeper -c "VACUUM ANALYZE session_samples" >/dev/null
log "  $(psql_db sessionkeeper -Atc "SELECT (SELECT count(*) FROM session_samples) || ' samples, '
    || pg_size_pretty(sum(pg_total_relation_size(c.oid)))
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'session_samples'::regclass") with their indexes; roll-ups of a NAS, a customer and the tenant (31 days); in $(elapsed "$start") s"
log "  sessions: $(psql_db sessionkeeper -Atc "SELECT (SELECT count(*) FROM sessions) || ' hot, '
  || (SELECT count(*) FROM sessions_history) || ' history; counters: ' || (SELECT sum(all_sessions) FROM session_counts)")"

# What comes before a measured step: no autovacuum worker left (at most 10 minutes), dirty pages written, and the
# machine quiet (the 1-minute load average under 1, at most 3 minutes). The third pass measured its API step right
# after the seeded ingest, at a load average of 2.9: two of its listings came out 10-14 ms over the same requests
# on the same database settled (docs/benchmarks.md).
settle() {
  local _
  for _ in $(seq 1 600); do
    [[ $(psql_db sessionkeeper -Atc "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'") == 0 ]] && break
    sleep 1
  done
  psql_db sessionkeeper -c "CHECKPOINT" >/dev/null
  for _ in $(seq 1 180); do
    awk '{ exit !($1 < 1.0) }' /proc/loadavg && break
    sleep 1
  done
}
psql_db sessionkeeper -c "VACUUM ANALYZE sessions" >/dev/null
settle
# The same warm-up as the fresh database's, so that both sides are measured alike (logged, not the figure). Not for
# full page images: on held databases their count (31 to 72,191 per 200,000 packets) did not order the rates
# (docs/benchmarks.md, "Fourth pass").
log "2. ingest into the seeded database (same load and warm-up), load average $(loadavg)"
loadgen seededwarmup 20000 >/dev/null
log "  warm-up: $(rate_of seededwarmup) packets/s (the fresh database's: $(rate_of warmup))"
measured_runs seeded
SEEDED_RATE=$(median_rate seeded)
log "  median $SEEDED_RATE packets/s against $FRESH_RATE fresh:" \
  "$(awk -v a="$SEEDED_RATE" -v b="$FRESH_RATE" 'BEGIN { printf "%.1f %% (target >= 90 %%: %s)", 100 * a / b, (a >= 0.9 * b) ? "met" : "NOT met" }')"
settle

log "3. the API at $SIZE sessions, load average $(loadavg), wrk $CONNECTIONS connections x $DURATION per request"
uuid() { psql_db sessionkeeper -Atc "SELECT md5('$1')::uuid"; }
HOT_ID=$(uuid "$TENANT/id/$((HOT / 2))")
OLD_I=$((HOT + 2 * MONTH_ROWS + HISTORY_ROWS / 3))
OLD_ID=$(uuid "$TENANT/id/$OLD_I")
read -r OLD_IP OLD_AT OLD_DAY < <(psql_db sessionkeeper -At -F ' ' -c "SELECT host(framed_ip),
  to_char((start_time + (stop_time - start_time) / 2) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
  to_char(start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM sessions_history WHERE tenant_id = '$TENANT' AND id = '$OLD_ID'")
read -r HOT_IP HOT_AT < <(psql_db sessionkeeper -At -F ' ' -c "SELECT host(framed_ip),
  to_char((start_time + (coalesce(stop_time, now()) - start_time) / 2) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
  FROM sessions WHERE tenant_id = '$TENANT' AND id = '$HOT_ID'")
CUSTOMER_ID=$(uuid "$TENANT/customer/1234")
[[ -n "$OLD_IP" && -n "$HOT_IP" ]] || { log "the seeded sessions to look up are missing"; exit 1; }
step_begin
measure "list page 1" "$BASE/sessions?page=1&pageSize=20" 20
measure "list completed page 1" "$BASE/sessions?status=completed&page=1&pageSize=20" 20
measure "list one archived day" "$BASE/sessions?startDate=$OLD_DAY&endDate=$OLD_DAY&timeZone=UTC&page=1&pageSize=20" 20
measure "list by customer" "$BASE/sessions?customerId=$CUSTOMER_ID&page=1&pageSize=20" 20
measure "search user1234" "$BASE/sessions?search=user1234&page=1&pageSize=20" 20
measure "search user1234 page 3" "$BASE/sessions?search=user1234&page=3&pageSize=20" 20
measure "search completed user1234" "$BASE/sessions?status=completed&search=user1234&page=1&pageSize=20" 20
measure "detail (hot)" "$BASE/sessions/$HOT_ID" 20
measure "detail (archived)" "$BASE/sessions/$OLD_ID" 20
measure "IP at time (hot)" "$BASE/sessions/by-ip?ip=$HOT_IP&at=$HOT_AT" 20
measure "IP at time (archived)" "$BASE/sessions/by-ip?ip=$OLD_IP&at=$OLD_AT" 20
measure "stats" "$BASE/sessions/stats" 50
step_note
curl -fsS -H "Authorization: Bearer $BENCH_TOKEN" "$BASE/sessions/by-ip?ip=$OLD_IP&at=$OLD_AT" | grep -q "\"$OLD_ID\"" \
  || { log "the archived session was not named by the IP look-up"; exit 1; }

if [[ "${EXPLAIN:-1}" == 1 ]]; then
  explain() { log "EXPLAIN $1:"; psql_db sessionkeeper -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) $2" | sed 's/^/  /'; }
  explain "a page of all sessions" "SELECT * FROM sessions_all WHERE tenant_id = '$TENANT'
    ORDER BY start_time DESC, id DESC OFFSET 0 LIMIT 20"
  explain "a page of one customer's sessions" "SELECT * FROM sessions_all WHERE tenant_id = '$TENANT'
    AND username = 'user1234' ORDER BY start_time DESC, id DESC OFFSET 0 LIMIT 20"
  # PostgresAddressHistory.CANDIDATES with the values bound
  explain "IP at time (archived)" "WITH held AS (
      SELECT s.id FROM sessions_all s WHERE s.tenant_id = '$TENANT' AND s.framed_ip = '$OLD_IP'::inet
        AND s.start_time <= '$OLD_AT' AND (s.stop_time IS NULL OR s.stop_time > '$OLD_AT')
      UNION
      SELECT e.session_id FROM session_events e WHERE e.tenant_id = '$TENANT' AND e.type = 1
        AND (e.ip_old = '$OLD_IP'::inet OR e.ip_new = '$OLD_IP'::inet))
    SELECT s.* FROM held CROSS JOIN LATERAL (SELECT * FROM sessions_all s WHERE s.tenant_id = '$TENANT'
      AND s.id = held.id AND s.start_time <= '$OLD_AT' AND (s.stop_time IS NULL OR s.stop_time > '$OLD_AT') LIMIT 1) s
    ORDER BY s.start_time DESC, s.id DESC LIMIT 101"
fi

if [[ -n "${HOLD:-}" ]]; then
  log "holding for $HOLD s: psql -h 127.0.0.1 -p $PG_PORT -U postgres sessionkeeper; the API on port $HTTP_PORT"
  sleep "$HOLD" || true   # kill this sleep to go on with step 4 before the time is up
fi

ARCHIVE_ENV=(SESSION_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/sessionkeeper" SESSION_DB_USER=postgres
  SESSION_DB_PASSWORD= SESSION_SECRET_KEY="$BENCH_SECRET_KEY")
log "4a. archiving the sessions stopped 120-150 days ago (~$MONTH_ROWS), nothing else running"
settle
log "  load average $(loadavg)"
step_begin
start=$EPOCHREALTIME
env "${ARCHIVE_ENV[@]}" SESSION_ARCHIVE_AFTER=120d java -Xmx256m -jar "$JAR" archive >"$WORK/archive-quiet.txt" 2>&1
log "  $(grep 'session archive:' "$WORK/archive-quiet.txt" | grep -v 'helper connections') in $(elapsed "$start") s (the command's JVM start included)"
log "  $(grep -h 'helper connections waited' "$WORK/archive-quiet.txt" | sed 's/.*session archive: //')"
step_note

log "4b. archiving the sessions stopped 91-120 days ago (~$MONTH_ROWS) with the load generator running (open rate)"
# The stale cleanup would close the load's sessions' predecessors; nothing else runs. The job is off: the command
# below is the archival, on the same database, while the service takes the load.
java -Xmx1g -jar "$LOADGEN_JAR" --server "127.0.0.1:$RADIUS_PORT" --secret "$SECRET" --nas "$NAS" \
  --sockets-per-nas 2 --window 256 --subscribers "$ARCHIVE_LOAD_SUBSCRIBERS" --interims "$INTERIMS" --run-id during \
  --max-seconds 900 >"$WORK/loadgen-during.txt" 2>&1 &
LOADGEN_PID=$!
PIDS+=("$LOADGEN_PID")
sleep 15
loadgen_t() { sed -n 's/^t=\([0-9]*\)s .*/\1/p' "$WORK/loadgen-during.txt" | tail -1; }
A0=$(loadgen_t)
start=$EPOCHREALTIME
env "${ARCHIVE_ENV[@]}" java -Xmx256m -jar "$JAR" archive >"$WORK/archive.txt" 2>&1
ARCHIVE_S=$(elapsed "$start")
A1=$(loadgen_t)
sed 's/^/  /' "$WORK/archive.txt" | grep -v ' INFO '
log "  $(grep -h 'helper connections waited' "$WORK/archive.txt" | sed 's/.*session archive: //')"
sleep 5
kill "$LOADGEN_PID" 2>/dev/null || true
wait "$LOADGEN_PID" 2>/dev/null || true
# acknowledged per second from the loadgen's per-second lines: before archival (from 5 s in) and during it
per_second() { awk -v a="$1" -v b="$2" '/^t=/ { t = substr($1, 3) + 0; if (t > a && t <= b) { gsub(/[(\/s)]/, "", $6); s += $6; n++ } }
  END { if (n) printf "%.0f", s / n; else print 0 }' "$WORK/loadgen-during.txt"; }
BEFORE=$(per_second 5 "$A0")
DURING=$(per_second "$A0" "$A1")
log "  archived in $ARCHIVE_S s; ingest $DURING packets/s during it, $BEFORE before it:" \
  "$(awk -v a="$DURING" -v b="$BEFORE" 'BEGIN { printf "%.1f %% (target >= 70 %%: %s)", 100 * a / b, (a >= 0.7 * b) ? "met" : "NOT met" }')"
log "  sessions: $(psql_db sessionkeeper -Atc "SELECT (SELECT count(*) FROM sessions) || ' hot, '
  || (SELECT count(*) FROM sessions_history) || ' history; counters: ' || (SELECT sum(all_sessions) FROM session_counts)")"
log "load average after: $(loadavg)"
