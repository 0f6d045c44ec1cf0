#!/usr/bin/env bash
# Ingest benchmark: SessionKeeper (acknowledge-after-commit) on a private PostgreSQL 15 cluster, driven by
# the load generator (session-loadgen.jar), then the final counters of every session checked in the database.
#   bench/ingest.sh                      # defaults below; override any by environment, e.g.
#   SUBSCRIBERS=60000 BATCH_SIZE=1000 bench/ingest.sh
# Prints the loadgen report (packets/s, ack latency p50/p95/p99/max, lost), the verification, and the service's
# heap/RSS sampled every 5 s. Exit status 0 only when nothing was lost and every session checks out.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/seed.sh"

SUBSCRIBERS="${SUBSCRIBERS:-100000}"   # x (INTERIMS + 2) packets
INTERIMS="${INTERIMS:-3}"
NAS="${NAS:-4}"
SOCKETS="${SOCKETS:-2}"                # per NAS, 256 Identifiers each
WINDOW="${WINDOW:-256}"
RATE="${RATE:-0}"                      # 0 = open throttle
MAX_SECONDS="${MAX_SECONDS:-300}"
BATCH_SIZE="${BATCH_SIZE:-500}"
BATCH_DELAY="${BATCH_DELAY:-5ms}"
POOL_SIZE="${POOL_SIZE:-8}"
HEAP="${HEAP:-256m}"
VERIFY="${VERIFY:-jdbc}"               # jdbc | api | none
TIMESTAMPS="${TIMESTAMPS:-BELIEVABLE}" # BELIEVABLE | DISTRUSTED (Event-Timestamps three years old, see SessionPlan)
SEED="${SEED:-0}"                      # sessions already stored before the load, seeded as bench/query.sh does
SEED_ACTIVE="${SEED_ACTIVE:-$((SEED / 10))}"  # of which open (issue 16 measures at 10M with 100,000 open)
ALERT_RULES="${ALERT_RULES:-0}"        # alert rules enabled during the run (issue 15: ack p99 with 10 rules)
WARMUP="${WARMUP:-0}"                  # subscribers of a warm-up run before the measured one (JIT compiled first)
ANALYTICS_INTERVAL="${ANALYTICS_INTERVAL:-}"  # the analytics roll-up's interval (issue 16): 0 = off, 1s = as often as it goes; empty = the service's default
NMT="${NMT:-0}"                        # 1 = native memory tracking: JVM memory by area at start and end
FILLFACTOR="${FILLFACTOR:-}"            # sessions' fillfactor for this run (empty: the schema's), set before the load
DRIVER="${DRIVER:-loadgen}"             # loadgen | radclient (FreeRADIUS's radclient from one source address, 127.0.0.1)
STREAMS="${STREAMS:-4}"                 # radclient: processes, each with its own share of the sessions
PARALLEL="${PARALLEL:-128}"             # radclient: packets in flight per process (-p)
SAMPLES="${SAMPLES:-keep}"              # keep | drop: a trigger drops every usage-sample row as the fold stores it (the units
                                        # still queue their batches, ADR 67; the accounting write alone, without samples:
                                        # JAR=… from bench/accounting-alone-jar.sh)
FOLD_INTERVAL="${FOLD_INTERVAL:-1s}"    # SESSION_USAGE_FOLD_INTERVAL: the fold of the queued samples (ADR 67) runs during the
                                        # load at the default (1s); 0 = not during the load: the accounting path's own cost,
                                        # the queue folded after the measured phase
BENCH_SQL="${BENCH_SQL:-}"              # SQL run on the migrated schema before the warm-up (and before SAMPLES=drop), e.g. a layout experiment
WARMED_SQL="${WARMED_SQL:-}"            # SQL run after the warm-up, before the measured run (e.g. ANALYZE sessions: statistics of closed sessions only)
TOP="${TOP:-10}"                        # statements listed by database time at the end (pg_stat_statements)
# The usage roll-up job: 15m as the default was before ADR 60 (its first round at the service's start, none during a
# run). At the default of today (every minute, a quarter rolled 2 minutes after its end) a round may land in the
# measured load or not, by the clock; its cost is measured apart (bench/usage-history.sh ROLL=1). 0 = off.
USAGE_JOB_INTERVAL="${USAGE_JOB_INTERVAL:-15m}"
PER_SECOND="${PER_SECOND:-0}"            # 1 = each second of the run: the service's answers over 50 ms (its own count) and
                                        # PostgreSQL's full-page images and WAL, printed for the seconds with any answer over 50 ms
JVM_OPTS="${JVM_OPTS:-}"                # more options for the service's JVM, e.g. -Xlog:gc:file=/tmp/gc.log (heap after each collection)
HTTP_PORT="${HTTP_PORT:-18080}"
ACCT_PORT="${ACCT_PORT:-18130}"
SECRET="bench-secret"
TOKEN="sk_bench_token_0123456789abcdef"

need_packages postgresql-15 curl
[[ "$DRIVER" == radclient ]] && need_packages freeradius-utils
build_jar_if_missing
build_loadgen_jar_if_missing
log "machine: $(machine)"
log "load average before: $(loadavg)"
log "machine yardstick before: $(yardstick)"
pg_start
psql_db postgres -c "CREATE DATABASE sessionkeeper"

# $1: the analytics job's interval (empty: the service's default)
start_sessionkeeper() {
  log "starting SessionKeeper: heap $HEAP, batch $BATCH_SIZE / $BATCH_DELAY, pool $POOL_SIZE, analytics job ${1:-default}"
  env SESSION_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/sessionkeeper" SESSION_DB_USER=postgres SESSION_DB_PASSWORD= \
    SESSION_SECRET_KEY="$BENCH_SECRET_KEY" \
    SESSION_DB_POOL_SIZE="$POOL_SIZE" SESSION_HTTP_BIND=127.0.0.1 SESSION_HTTP_PORT="$HTTP_PORT" \
    SESSION_RADIUS_BIND=127.0.0.1 SESSION_RADIUS_ACCT_PORT="$ACCT_PORT" \
    SESSION_RADIUS_BATCH_SIZE="$BATCH_SIZE" SESSION_RADIUS_BATCH_DELAY="$BATCH_DELAY" \
    SESSION_BOOTSTRAP_TOKEN="$TOKEN" SESSION_RATE_LIMIT_PER_MINUTE=0 SESSION_RATE_LIMIT_EXPENSIVE_PER_MINUTE=1000000 \
    SESSION_CLEANUP_INTERVAL=0 SESSION_NAS_REFRESH=1s SESSION_USAGE_JOB_INTERVAL="$USAGE_JOB_INTERVAL" \
    SESSION_USAGE_FOLD_INTERVAL="$FOLD_INTERVAL" \
    ${1:+SESSION_ANALYTICS_JOB_INTERVAL=$1} \
    java -Xms"$HEAP" -Xmx"$HEAP" $( ((NMT)) && echo -XX:NativeMemoryTracking=summary ) $JVM_OPTS -jar "$JAR" serve \
    >>"$WORK/service.log" 2>&1 &
  SERVICE_PID=$!
  PIDS+=("$SERVICE_PID")
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null 2>&1 && break
    kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$WORK/service.log"; exit 1; }
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null
}

# radclient's input: session k of stream k % STREAMS, in files of 1,000 sessions (their Starts, then each interim,
# then their Stops), so that one session's packets are not in flight together; a stream sends its files one after
# the other (radclient walks its whole list of packets for each one it sends: one file of 90,000 packets ran at
# 2,837 packets/s for four streams). Attributes and counters as the load
# generator's (SessionPlan: Acct-Session-Id "rc-k", the Stop's download 1,300,000,007 x (INTERIMS + 1) + 2k octets,
# upload 1,100,000,123 x (INTERIMS + 1) + k), all events in the 12 minutes before the run (believable) or three years
# earlier (distrusted, 300 s of session time per step).
# $1: the sessions' prefix (rc: the measured run, rw: the warm-up), $2: how many sessions.
radclient_files() {
  local now; now=$(date +%s)
  awk -v id="$1" -v n="$2" -v interims="$INTERIMS" -v streams="$STREAMS" -v now="$now" -v mode="$TIMESTAMPS" -v dir="$WORK" '
    function pkt(f, k, step,    status, t, up, down, ev) {
      status = step == 0 ? "Start" : (step == interims + 1 ? "Stop" : "Interim-Update")
      t = mode == "DISTRUSTED" ? step * 300 : step * 60
      ev = mode == "DISTRUSTED" ? now - 94608000 : now - (interims + 1 - step) * 60
      # %.0f, not %d: the %d of mawk stops at 2^31 - 1
      printf "Acct-Status-Type = %s\nAcct-Session-Id = \"%s-%d\"\nUser-Name = \"%su%d\"\nNAS-IP-Address = 127.0.0.1\n", status, id, k, id, k > f
      printf "NAS-Port = %d\nNAS-Port-Id = \"ether1\"\nNAS-Port-Type = Ethernet\nService-Type = Framed-User\nFramed-Protocol = PPP\n", k > f
      printf "Framed-IP-Address = 10.%d.%d.%d\nCalling-Station-Id = \"02:00:%02X:%02X:%02X:%02X\"\n", int(k / 65536) % 256, int(k / 256) % 256, k % 256, int(k / 16777216) % 256, int(k / 65536) % 256, int(k / 256) % 256, k % 256 > f
      printf "Called-Station-Id = \"pppoe-radclient\"\nAcct-Delay-Time = 0\nEvent-Timestamp = %.0f\n", ev > f
      if (step > 0) {
        up = step * 1100000123 + k; down = step * 1300000007 + 2 * k
        printf "Acct-Input-Octets = %.0f\nAcct-Input-Gigawords = %.0f\nAcct-Output-Octets = %.0f\nAcct-Output-Gigawords = %.0f\n", up % 4294967296, int(up / 4294967296), down % 4294967296, int(down / 4294967296) > f
        printf "Acct-Input-Packets = %.0f\nAcct-Output-Packets = %.0f\nAcct-Session-Time = %.0f\n", int(up / 1000), int(down / 1000), t > f
      }
      if (status == "Stop") printf "Acct-Terminate-Cause = User-Request\n" > f
      printf "\n" > f
    }
    BEGIN {
      for (s = 0; s < streams; s++) {
        for (b = 0; b < n; b += 1000 * streams) {
          f = sprintf("%s/radclient-%s-%d-%06d.txt", dir, id, s, b / (1000 * streams))
          for (step = 0; step <= interims + 1; step++)
            for (k = b + s; k < n && k < b + 1000 * streams; k += streams) pkt(f, k, step)
          close(f)
        }
      }
    }'
}

# Runs the streams of the files of prefix $1 side by side: their exit statuses in RADCLIENT_CODES, the packets radclient
# reported lost in RADCLIENT_LOST.
radclient_streams() {
  local id="$1" s pids=()
  RADCLIENT_CODES=()
  for ((s = 0; s < STREAMS; s++)); do
    (
      code=0
      for f in "$WORK"/radclient-"$id"-"$s"-*.txt; do
        radclient -s -q -p "$PARALLEL" -r 10 -t 2 -f "$f" "127.0.0.1:$ACCT_PORT" acct "$SECRET" || code=$?
      done
      exit "$code"
    ) >"$WORK/radclient-$id-$s.out" 2>&1 &
    pids+=("$!")
  done
  for s in "${pids[@]}"; do wait "$s"; RADCLIENT_CODES+=("$?"); done
  RADCLIENT_LOST=$(cat "$WORK"/radclient-"$id"-*.out | sed -n 's/^[[:space:]]*Lost[[:space:]]*:[[:space:]]*\([0-9]*\).*/\1/p' | awk '{s += $1} END {print s + 0}')
}

# The measured run; the answered packets are those radclient did not report lost.
radclient_run() {
  local lost total elapsed
  radclient_streams rc
  lost=$RADCLIENT_LOST
  total=$((SUBSCRIBERS * (INTERIMS + 2)))
  elapsed=$(awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b - a}')
  echo "requests $total, acknowledged $((total - lost)), lost $lost" | tee "$WORK/loadgen.txt"
  echo "elapsed $elapsed s, $(awk -v n="$((total - lost))" -v t="$elapsed" 'BEGIN{printf "%.0f", n / t}') packets/s acknowledged" | tee -a "$WORK/loadgen.txt"
  # radclient's exit status is printed, not judged: lost packets and the sessions in the table are
  echo "radclient exit statuses: ${RADCLIENT_CODES[*]}; Accepted (its word for answered) $(cat "$WORK"/radclient-rc-*.out | sed -n 's/^[[:space:]]*Accepted[[:space:]]*:[[:space:]]*\([0-9]*\).*/\1/p' | awk '{s += $1} END {print s + 0}')"
  # every session once, closed, with the Stop's counters
  psql_db sessionkeeper -Atc "SELECT 'verification: ' || count(*) || ' sessions, ' || count(*) FILTER (WHERE stop_time IS NULL) || ' open, '
      || count(*) FILTER (WHERE download_octets <> $((INTERIMS + 1)) * 1300000007::bigint + 2 * substr(acct_session_id, 4)::bigint
         OR upload_octets <> $((INTERIMS + 1)) * 1100000123::bigint + substr(acct_session_id, 4)::bigint) || ' with wrong counters'
      FROM sessions WHERE acct_session_id LIKE 'rc-%'" | tee -a "$WORK/loadgen.txt"
  grep -q "verification: $SUBSCRIBERS sessions, 0 open, 0 with wrong counters" "$WORK/loadgen.txt" && ((lost == 0)) && return 0
  return 1
}

# With a seed, the analytics job starts after it: a round during the seed would read a table without its indexes
# (the seed drops them) and hold up the seed's ALTER TABLE behind it.
if ((SEED > 0)); then start_sessionkeeper 0; else start_sessionkeeper "$ANALYTICS_INTERVAL"; fi

for i in $(seq 2 $((NAS + 1))); do
  curl -fsS -o /dev/null -X POST "http://127.0.0.1:$HTTP_PORT/api/nas" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench-nas-$i\",\"ipAddress\":\"127.0.0.$i\",\"secret\":\"$SECRET\",\"vendor\":\"mikrotik\"}"
done
log "registered $NAS NAS (127.0.0.2..127.0.0.$((NAS + 1)))"
if [[ "$DRIVER" == radclient ]]; then
  # radclient has no option for its source address: it sends from 127.0.0.1, one NAS
  curl -fsS -o /dev/null -X POST "http://127.0.0.1:$HTTP_PORT/api/nas" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' \
    -d "{\"name\":\"radclient\",\"ipAddress\":\"127.0.0.1\",\"secret\":\"$SECRET\",\"vendor\":\"mikrotik\"}"
  log "registered NAS 127.0.0.1 for radclient"
fi
if ((SEED > 0)); then
  TENANT=default
  seed "$SEED" "$SEED_ACTIVE"
  kill "$SERVICE_PID"
  for _ in $(seq 1 100); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.2; done
  start_sessionkeeper "$ANALYTICS_INTERVAL"
fi
if [[ -n "$BENCH_SQL" ]]; then
  # a script, not -c: each statement in its own transaction (VACUUM may be one)
  psql_db sessionkeeper -qAt <<<"$BENCH_SQL" >/dev/null
  log "schema changed for this run (BENCH_SQL): $BENCH_SQL"
fi
if [[ "$SAMPLES" == drop ]]; then
  # The units queue their batches as always; the fold decodes them, PostgreSQL parses its statement, probes the
  # natural key of samples not known newer, calls this trigger and stores nothing.
  psql_db sessionkeeper -qAtc "CREATE FUNCTION bench_drop_sample() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END';
    CREATE TRIGGER bench_drop_samples BEFORE INSERT ON session_samples FOR EACH ROW EXECUTE FUNCTION bench_drop_sample()" >/dev/null
  log "usage samples: dropped by a trigger (SAMPLES=drop): the accounting write alone, plus the samples statement's residue"
fi
if ((ALERT_RULES > 0)); then
  # what the prompt path evaluates after every commit (long and heavy sessions) and the sweep every 60 s (the rest);
  # thresholds that load the evaluation without firing on this load
  RULES=('{"type":"LONG_SESSION","threshold":86400}' '{"type":"LONG_SESSION","threshold":172800,"severity":"critical"}'
    '{"type":"HIGH_USAGE","threshold":107374182400}' '{"type":"HIGH_USAGE","threshold":214748364800,"severity":"critical"}'
    '{"type":"HIGH_USAGE","threshold":53687091200,"period":"DAY"}' '{"type":"MULTI_SESSION","threshold":3}'
    '{"type":"STALE_SESSION","threshold":3600}' '{"type":"NAS_SILENT","threshold":600}'
    '{"type":"LONG_SESSION","threshold":604800}' '{"type":"HIGH_USAGE","threshold":1099511627776}')
  for ((r = 0; r < ALERT_RULES; r++)); do
    curl -fsS -o /dev/null -X POST "http://127.0.0.1:$HTTP_PORT/api/alert-rules" -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' -d "${RULES[$((r % ${#RULES[@]}))]}"
  done
  log "alert rules enabled: $ALERT_RULES"
fi
if [[ -n "$FILLFACTOR" ]]; then
  psql_db sessionkeeper -qAtc "ALTER TABLE sessions SET (fillfactor = $FILLFACTOR)" >/dev/null
  log "sessions: fillfactor $FILLFACTOR for this run"
fi
VERIFY_ARGS=()
case "$VERIFY" in
  jdbc) VERIFY_ARGS=(--verify-jdbc "jdbc:postgresql://127.0.0.1:$PG_PORT/sessionkeeper" --db-user postgres) ;;
  api) VERIFY_ARGS=(--verify-api "http://127.0.0.1:$HTTP_PORT" --token "$TOKEN") ;;
esac
# The measured run's load generator, with more options (a warm-up) where given
loadgen() {
  java -Xmx1g -jar "$LOADGEN_JAR" --server "127.0.0.1:$ACCT_PORT" --secret "$SECRET" --nas "$NAS" \
    --sockets-per-nas "$SOCKETS" --window "$WINDOW" --subscribers "$SUBSCRIBERS" --interims "$INTERIMS" \
    --rate "$RATE" --max-seconds "$MAX_SECONDS" --timestamps "$TIMESTAMPS" "${VERIFY_ARGS[@]}" "$@"
}
sleep 2
if ((WARMUP > 0)); then
  # The JIT compiles the accounting path during the first tens of thousands of packets: in a 240,000-packet run
  # without warm-up its compiler threads took a third of the service's CPU (bench thread table below).
  if [[ "$DRIVER" == radclient ]]; then
    # The warm-up by the driver measured: warmed by the load generator (the same attributes, other batch sizes and
    # arrival patterns), the compiler still took 1.2 s of the service's 8.3 s in a radclient run (2026-12-04)
    log "warm-up (not measured): $WARMUP subscribers x $((INTERIMS + 2)) packets by radclient, sessions rw-k"
    radclient_files rw "$WARMUP"
    radclient_streams rw
    log "  warm-up: radclient exit statuses ${RADCLIENT_CODES[*]}, lost $RADCLIENT_LOST"
  else
    # In the measured run's own process, which then waits for a line on its standard input (a FIFO): a load
    # generator started afresh for the measured run spent its first second compiling on the same 2 cores, and the
    # service's answers of that second were the slowest of the run (benchmarks.md, "Time-ordered session ids").
    log "warm-up (not measured): $WARMUP subscribers x $((INTERIMS + 2)) packets, run id warmup, in the load generator's process"
    mkfifo "$WORK/loadgen-go"
    exec 3<>"$WORK/loadgen-go"
    loadgen --warmup-subscribers "$WARMUP" --warmup-run-id warmup --pause-after-warmup <&3 >"$WORK/loadgen-all.txt" 2>&1 &
    LOADGEN_PID=$!
    PIDS+=("$LOADGEN_PID")
    until grep -q '^warm-up done' "$WORK/loadgen-all.txt"; do
      kill -0 "$LOADGEN_PID" 2>/dev/null || { cat "$WORK/loadgen-all.txt"; exit 1; }
      sleep 0.5
    done
    grep -E '^warm-up: (elapsed|requests)' "$WORK/loadgen-all.txt" | sed 's/^/  /'
  fi
  psql_db sessionkeeper -qAtc "CHECKPOINT" >/dev/null
fi
if [[ -n "$WARMED_SQL" ]]; then
  psql_db sessionkeeper -qAt <<<"$WARMED_SQL" >/dev/null
  log "after the warm-up (WARMED_SQL): $WARMED_SQL"
fi

if [[ "${PROFILE:-0}" == 1 ]]; then
  jcmd "$SERVICE_PID" JFR.start name=bench settings=profile filename="$WORK/service.jfr" >/dev/null
fi
nmt_summary() { jcmd "$SERVICE_PID" VM.native_memory summary | grep -E '^(Total|-\s+(Java Heap|Class|Thread|Code|GC|Internal|Other|Symbol|Metaspace|Arena Chunk))' | sed 's/^/  /'; }
if ((NMT)); then jcmd "$SERVICE_PID" VM.native_memory baseline >/dev/null; nmt_summary >"$WORK/nmt-start.txt"; fi
# A backend flushes its statistics at most once a second, and one that found the shared entry locked leaves them
# pending for up to 10 s (PGSTAT_IDLE_INTERVAL, PostgreSQL 15): wait that long, then until the sessions table's
# counters stop moving, before the reset (or the warm-up's tail lands in the run) and before reading them (or the
# run's tail is missing: interims "101 % HOT" with 12,000 updates of 330,000 uncounted, 2026-12-04).
sessions_writes() { psql_db sessionkeeper -Atc "SELECT n_tup_ins + n_tup_upd FROM pg_stat_user_tables WHERE relname = 'sessions'"; }
stats_settled() {
  local before now
  sleep 11
  before=$(sessions_writes)
  for _ in $(seq 1 12); do
    sleep 1
    now=$(sessions_writes)
    [[ "$now" == "$before" ]] && return 0
    before=$now
  done
}
stats_settled
psql_db sessionkeeper -qAtc "SELECT pg_stat_reset_shared('wal'); SELECT pg_stat_reset();" >/dev/null
# CPU seconds (user, system) of each of the service's threads, by thread name with digits folded ("writer-N")
thread_cpu() {
  local task
  for task in /proc/"$SERVICE_PID"/task/*; do
    printf '%s\t%s\n' "$(tr -d '\n' <"$task/comm" | sed -E 's/[0-9]+/N/g; s/ /_/g')" "$(sed 's/.*) //' "$task/stat" 2>/dev/null | awk '{print $12, $13}')"
  done | awk -F'\t' -v hz="$(getconf CLK_TCK)" '{split($2, t, " "); u[$1] += t[1] / hz; s[$1] += t[2] / hz}
    END {for (n in u) printf "%s %.2f %.2f\n", n, u[n], s[n]}' | sort
}
thread_cpu >"$WORK/threads-0.txt"
WAL0=$(psql_db sessionkeeper -qAtc "SELECT pg_current_wal_lsn()")
# The counters the run's figures start from (taken again for radclient, once its files are written)
mark_start() {
  pg_backend_names sessionkeeper >"$WORK/backends.txt"
  SERVICE_CPU0=$(cpu_seconds "$SERVICE_PID"); PG_CPU0=$(pg_cpu_seconds); T0=$(date +%s.%N); STEAL0=$(steal_seconds)
  pg_cpu_by_kind "$WORK/backends.txt" >"$WORK/pg-cpu-0.txt"
}
mark_start
# the service's own count of answers by wait (sessionkeeper_radius_ack_seconds buckets), before and after the run
ack_buckets() { curl -fsS "http://127.0.0.1:$HTTP_PORT/metrics" | sed -n 's/^sessionkeeper_radius_ack_seconds_bucket{le="\([^"]*\)",*} \([0-9.E]*\)$/\1 \2/p'; }
ack_buckets >"$WORK/ack-0.txt" || true
sample_memory "$SERVICE_PID" "$WORK/memory.txt" &
PIDS+=("$!")

if [[ "$DRIVER" == radclient ]]; then
  radclient_files rc "$SUBSCRIBERS"
  log "radclient: $SUBSCRIBERS subscribers x $((INTERIMS + 2)) packets from 127.0.0.1, $STREAMS processes x -p $PARALLEL"
  mark_start
  set +e
  radclient_run
  STATUS=$?
  set -e
else
log "loadgen: $SUBSCRIBERS subscribers x $((INTERIMS + 2)) packets, $NAS NAS x $SOCKETS sockets, rate ${RATE}"
if ((PER_SECOND)); then
  # a line a second: time, answers in all and within 50 ms (cumulative), full-page images and WAL bytes (cumulative)
  while :; do
    echo "$(date +%s.%N) $(ack_buckets | awk '$1 == "0.05" {w = $2} $1 == "+Inf" {n = $2} END {print n + 0, w + 0}')" \
      "$(psql_db sessionkeeper -qAt -F ' ' -c "SELECT wal_fpi, wal_bytes FROM pg_stat_wal")"
    sleep 1
  done >"$WORK/per-second.txt" 2>/dev/null &
  PER_SECOND_PID=$!
  PIDS+=("$PER_SECOND_PID")
fi
set +e
if [[ -n "${LOADGEN_PID:-}" ]]; then
  echo go >&3
  wait "$LOADGEN_PID"
  STATUS=$?
  sed -n '/^loadgen run /,$p' "$WORK/loadgen-all.txt" >"$WORK/loadgen.txt"
  grep -v '^t=' "$WORK/loadgen.txt"
else
  loadgen | tee "$WORK/loadgen.txt" | grep -v '^t='
  STATUS=${PIPESTATUS[0]}
fi
set -e
fi
T1=$(date +%s.%N)
if [[ -n "${PER_SECOND_PID:-}" ]]; then
  kill "$PER_SECOND_PID" 2>/dev/null || true
  log "seconds of the run with answers over 50 ms (the service's count; PostgreSQL's statistics lag up to a second):"
  awk 'NR > 1 && $2 > n {over = ($2 - $3) - (n - w); if (over > 0) printf "  %5.1f s: %6d answers, %5d over 50 ms; %5d full-page images, %5.1f MB of WAL\n", $1 - t0, $2 - n, over, $4 - f, ($5 - b) / 1e6}
    NR == 1 {t0 = $1} {n = $2; w = $3; f = $4; b = $5}' "$WORK/per-second.txt"
fi
log "CPU seconds during the run ($(awk -v a="$T0" -v b="$T1" 'BEGIN{printf "%.0f", b-a}') s wall, 2 cores):" \
  "service $(awk -v a="$SERVICE_CPU0" -v b="$(cpu_seconds "$SERVICE_PID")" 'BEGIN{printf "%.1f", b-a}')," \
  "PostgreSQL $(awk -v a="$PG_CPU0" -v b="$(pg_cpu_seconds)" 'BEGIN{printf "%.1f", b-a}') (ended backends not counted);" \
  "CPU stolen by the hypervisor $(awk -v a="$STEAL0" -v b="$(steal_seconds)" 'BEGIN{printf "%.2f", b-a}') s"
SERVICE_CPU1=$(cpu_seconds "$SERVICE_PID"); PG_CPU1=$(pg_cpu_seconds)
pg_cpu_by_kind "$WORK/backends.txt" >"$WORK/pg-cpu-1.txt"
ack_buckets >"$WORK/ack-1.txt" || true
if [[ -s "$WORK/ack-1.txt" ]]; then
  log "the service's acknowledgements during the run, by wait (sessionkeeper_radius_ack_seconds): $(awk 'NR == FNR {c0[$1] = $2; next}
    {b[++k] = $1; c[k] = $2 - c0[$1]; if ($1 == "+Inf") n = c[k]}
    END {for (i = 1; i <= k; i++) if (b[i] != "+Inf") printf "%s %.2f %% ≤ %s s", (i > 1 ? "," : ""), 100 * c[i] / n, b[i]; printf " of %d\n", n}' \
    "$WORK/ack-0.txt" "$WORK/ack-1.txt")"
fi
log "PostgreSQL CPU by process during the run (seconds; backends are the service's connections, by pool):" \
  "$(join -a 2 "$WORK/pg-cpu-0.txt" "$WORK/pg-cpu-1.txt" | awk 'NF == 3 {u = $2; s = $3} NF == 5 {u = $4 - $2; s = $5 - $3} u + s >= 0.05 {printf "%s %.2f (user %.2f, system %.2f), ", $1, u + s, u, s}' | sed 's/, $//')"
thread_cpu >"$WORK/threads-1.txt"
log "service CPU by thread during the run (seconds user + system; threads that ended are not counted):"
join -a 2 "$WORK/threads-0.txt" "$WORK/threads-1.txt" | awk 'NF == 3 {print $1, $2, $3} NF == 5 {print $1, $4 - $2, $5 - $3}' \
  | awk '$2 + $3 >= 0.05 {printf "  %-40s %7.2f user %7.2f system\n", $1, $2, $3}' | sort -k2 -rn
ANSWERED=$(sed -n 's/.*, acknowledged \([0-9]*\),.*/\1/p' "$WORK/loadgen.txt" | head -1)
stats_settled
log "per answered packet ($ANSWERED answered; timestamps $TIMESTAMPS):" \
  "service $(awk -v a="$SERVICE_CPU0" -v b="$SERVICE_CPU1" -v n="$ANSWERED" 'BEGIN{printf "%.1f", (b-a)*1e6/n}') µs CPU," \
  "PostgreSQL $(awk -v a="$PG_CPU0" -v b="$PG_CPU1" -v n="$ANSWERED" 'BEGIN{printf "%.1f", (b-a)*1e6/n}') µs CPU," \
  "$(psql_db sessionkeeper -Atc "SELECT round(wal_records::numeric / $ANSWERED, 2) || ' WAL records, ' || round(wal_bytes::numeric / $ANSWERED) || ' B of WAL, ' || wal_fpi || ' full-page images in all' FROM pg_stat_wal")"
if [[ "${WALDUMP:-0}" == 1 ]]; then
  # WAL of the run by record type and relation (WALDUMP=1: pg_waldump over the run's LSN range, segments kept)
  WAL1=$(psql_db sessionkeeper -qAtc "SELECT pg_current_wal_lsn()")
  log "WAL of the run by record type ($WAL0 .. $WAL1), per answered packet:"
  "$PG_BIN/pg_waldump" -p "$PG_DATA/pg_wal" -s "$WAL0" -e "$WAL1" --stats=record 2>/dev/null \
    | awk -v n="$ANSWERED" '{gsub(/\([^)]*\)/, "")} NR > 2 && $2 ~ /^[0-9]+$/ && $2 > n / 100 {printf "  %-40s %6.2f rec  %7.1f B (of which full-page images %6.1f B)\n", $1, $2 / n, $5 / n, $4 / n}'
  log "WAL records by relation (top 12, records per answered packet):"
  psql_db sessionkeeper -qAtc "SELECT relfilenode || ' ' || relname FROM pg_class WHERE relfilenode <> 0" >"$WORK/relnodes.txt"
  "$PG_BIN/pg_waldump" -p "$PG_DATA/pg_wal" -s "$WAL0" -e "$WAL1" 2>/dev/null \
    | sed -nE 's/.*rel [0-9]+\/[0-9]+\/([0-9]+).*/\1/p' | sort | uniq -c | sort -rn | head -12 \
    | while read -r count node; do
        printf '  %-40s %6.2f\n' "$(awk -v k="$node" '$1 == k {print $2}' "$WORK/relnodes.txt")" "$(awk -v c="$count" -v n="$ANSWERED" 'BEGIN{print c / n}')"
      done
fi
# A Stop changes stop_time, which the open-session indexes' predicates name: it can never be HOT. Each run's session
# gets one Stop update, so the interims' share is HOT / (updates - Stops), if every Stop was a non-HOT update.
log "sessions table: $(psql_db sessionkeeper -Atc "SELECT n_tup_ins || ' inserts, ' || n_tup_upd || ' updates, ' || n_tup_hot_upd || ' HOT (' || round(100.0 * n_tup_hot_upd / greatest(n_tup_upd, 1), 1) || ' % of updates; of interims, counting every Stop of the $SUBSCRIBERS sessions non-HOT: ' || round(100.0 * n_tup_hot_upd / greatest(n_tup_upd - $SUBSCRIBERS, 1), 1) || ' %)' FROM pg_stat_user_tables WHERE relname = 'sessions'")"
if [[ "${PROFILE:-0}" == 1 ]]; then
  jfr_hot_methods "$SERVICE_PID" "${PROFILE_OUT:-/tmp/ingest-service.jfr}"
  log "service hot packages (any frame of the sample's stack, first 6 frames):"
  jfr print --events jdk.ExecutionSample --stack-depth 6 "$WORK/service.jfr" | grep -E '^\s+[a-z].*\(' \
    | sed -E 's/^\s+([a-z]+\.[a-z]+\.[a-z]+).*/\1/' | sort | uniq -c | sort -rn | head -12
fi
{ grep '^t=' "$WORK/loadgen.txt" || true; } | awk 'NR % 10 == 0' | sed 's/^/  progress /'
log "load average after: $(loadavg)"
log "machine yardstick after: $(yardstick)"
log "listener metrics:"
curl -fsS "http://127.0.0.1:$HTTP_PORT/metrics" | grep -E '^(radius|sessionkeeper)[a-z_]*(_count|_sum|_total|_max)?[{ ]' | grep -vE ' 0(\.0)?$' | head -40 | sed 's/^/  /' || true

if ((NMT)); then
  log "JVM native memory (committed) at the start of the load:"; cat "$WORK/nmt-start.txt"
  log "JVM native memory (committed) at the end, and the change since the start:"; nmt_summary
  jcmd "$SERVICE_PID" VM.native_memory summary.diff | grep -E '^(Total|-\s+[A-Z])' | sed 's/^/  /' | head -30
fi
log "service memory (sampled every 5 s during the run):"
sed 's/^/  /' "$WORK/memory.txt"
awk 'NR > 1 { if ($2 > h) h = $2; if ($4 > r) r = $4 } END { printf "  max heap used %d MB, max RSS %d MB\n", h, r }' "$WORK/memory.txt"
log "statements by database time:"
pg_top_statements sessionkeeper "$TOP" | sed 's/^/  /'
log "database: $(psql_db sessionkeeper -Atc "SELECT count(*) || ' sessions, ' || pg_size_pretty(pg_total_relation_size('sessions')) FROM sessions")"
log "usage sample batches queued at the end of the load: $(psql_db sessionkeeper -Atc "SELECT count(*) FROM usage_sample_batches" 2>/dev/null || echo '(no queue)') (FOLD_INTERVAL=$FOLD_INTERVAL)"
log "usage samples stored: $(psql_db sessionkeeper -Atc "SELECT count(*) FROM session_samples") (SAMPLES=$SAMPLES)"
# Late samples (older than the roll-ups' claim when folded) take the fold's late path (ADR 69). radclient's believable
# files carry the 11 minutes before their writing, so how many are late depends on the clock (docs/benchmarks.md).
log "usage samples older than the roll-ups' claim (late): $(psql_db sessionkeeper -Atc "SELECT count(*) FILTER (WHERE
  s.sampled_at < r.claimed_until) || ' of ' || count(*) FROM session_samples s, usage_rollup_state r" 2>/dev/null ||
  echo '(no claim)')"
grep -iE 'exception|error' "$WORK/service.log" | head -5 || true
exit "$STATUS"
