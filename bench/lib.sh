#!/usr/bin/env bash
# Shared helpers of the benchmark scripts. Everything runs on loopback; every process started here is
# remembered by PID and ended by that PID on exit.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$BENCH_DIR")"
JAR="${JAR:-$REPO_DIR/session-app/target/session-app.jar}"
LOADGEN_JAR="${LOADGEN_JAR:-$REPO_DIR/session-loadgen/target/session-loadgen.jar}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_PORT="${PG_PORT:-55432}"
# SESSION_SECRET_KEY of the benchmark database (required with an external one); fixed and public: test data only.
BENCH_SECRET_KEY="k1:c2Vzc2lvbmtlZXBlci1iZW5jaC1rZXktMDAwMDAwMDA="
WORK="${WORK:-$(mktemp -d /tmp/sk-bench.XXXXXX)}"
mkdir -p "$WORK"
PIDS=()

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

need_packages() {
  # idempotent: installs only what is missing
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get install -y "${missing[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; }
  fi
}

build_jar_if_missing() {
  if [[ ! -f "$JAR" ]]; then
    log "building $JAR"
    # package, never install: ~/.m2 may be shared with other checkouts
    (cd "$REPO_DIR" && mvn -q -B -DskipTests -pl session-app -am package)
  fi
  # a private copy: a rebuild of the repository (or anything matching the jar's name) must not touch the run
  cp "$JAR" "$WORK/sk-bench.jar"
  JAR="$WORK/sk-bench.jar"
}

# The load generator's own jar (module session-loadgen, ADR 0026), built with what it needs if missing.
build_loadgen_jar_if_missing() {
  if [[ ! -f "$LOADGEN_JAR" ]]; then
    log "building $LOADGEN_JAR"
    (cd "$REPO_DIR" && mvn -q -B -DskipTests -pl session-loadgen -am package)
  fi
  cp "$LOADGEN_JAR" "$WORK/sk-loadgen.jar"
  LOADGEN_JAR="$WORK/sk-loadgen.jar"
}

cleanup() {
  local pid
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid="${PIDS[$i]}"
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  if [[ -n "${PG_DATA:-}" && -f "$PG_DATA/postmaster.pid" ]]; then
    su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D '$PG_DATA' -m fast -w stop" >/dev/null 2>&1 || true
  fi
  if [[ "${KEEP_WORK:-0}" != 1 ]]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# A private PostgreSQL 15 cluster (Debian's binaries) in $WORK/pg, loopback only, trust auth, durability at its
# defaults (fsync on, synchronous_commit on, full_page_writes on). shared_buffers 1GB for both contenders.
pg_start() {
  PG_DATA="$WORK/pg"
  mkdir -p "$PG_DATA"
  chown postgres:postgres "$WORK" "$PG_DATA"
  chmod 700 "$PG_DATA"
  su postgres -s /bin/sh -c "$PG_BIN/initdb -D '$PG_DATA' -U postgres -A trust -E UTF8 --locale=C.UTF-8" >/dev/null
  cat >>"$PG_DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DATA'
shared_buffers = 1GB
max_connections = 100
fsync = on
synchronous_commit = on
full_page_writes = on
shared_preload_libraries = 'pg_stat_statements,auto_explain'
CONF
  if [[ "${WALDUMP:-0}" == 1 ]]; then
    # keep the run's WAL segments for pg_waldump (a checkpoint would recycle them)
    echo "wal_keep_size = '8GB'" >>"$PG_DATA/postgresql.conf"
  fi
  if [[ -n "${AUTO_EXPLAIN_MS:-}" ]]; then
    # plans of statements slower than AUTO_EXPLAIN_MS into pg.log (with row counts and buffers, without timing)
    cat >>"$PG_DATA/postgresql.conf" <<CONF
auto_explain.log_min_duration = '${AUTO_EXPLAIN_MS}ms'
auto_explain.log_analyze = on
auto_explain.log_buffers = on
auto_explain.log_timing = off
auto_explain.log_nested_statements = on
CONF
  fi
  if [[ -n "${PG_CONF:-}" ]]; then
    # a script's own settings (bench/history.sh: max_wal_size), one per line
    printf '%s\n' "$PG_CONF" >>"$PG_DATA/postgresql.conf"
  fi
  su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D '$PG_DATA' -l '$WORK/pg.log' -w start" >/dev/null
  log "PostgreSQL 15 on 127.0.0.1:$PG_PORT, data $PG_DATA (fsync on, synchronous_commit on${PG_CONF:+; ${PG_CONF//$'\n'/, }})"
}

psql_db() { local db="$1"; shift; "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" "$@"; }

# Samples heap used (jstat, MB) and RSS (/proc, MB) of a JVM every 5 s into $1 until the JVM ends or the
# sampler is killed.
sample_memory() {
  local pid="$1" out="$2"
  echo "time heap_used_mb heap_committed_mb rss_mb" >"$out"
  while kill -0 "$pid" 2>/dev/null; do
    local gc rss
    gc=$(jstat -gc "$pid" 2>/dev/null | tail -1) || true
    rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status" 2>/dev/null) || true
    if [[ -n "$gc" && -n "$rss" ]]; then
      # S0U S1U EU OU (columns 3 4 6 8) used; S0C S1C EC OC (1 2 5 7) committed, in KB
      echo "$gc" | awk -v t="$(date +%H:%M:%S)" -v rss="$rss" \
        '{printf "%s %d %d %d\n", t, ($3+$4+$6+$8)/1024, ($1+$2+$5+$7)/1024, rss}' >>"$out"
    fi
    sleep 5
  done
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

machine() {
  echo "nproc $(nproc), memory $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)," \
    "CPU $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), kernel $(uname -r)"
}

# The machine's own speed at the time of a run: one core hashing 8 kB blocks for 2 s (openssl), in MB/s. On this VM
# the same jar and load have cost a tenth more CPU half an hour later (docs/benchmarks.md, 2026-12-06), so runs of
# different hours are compared with this beside them. Printed before the load and after it.
yardstick() {
  command -v openssl >/dev/null || { echo "n/a (no openssl)"; return; }
  openssl speed -seconds 2 -bytes 8192 -evp sha256 2>/dev/null \
    | awk '$1 == "sha256" {sub(/k$/, "", $2); printf "%.0f MB/s (sha256 of 8 kB blocks, one core, 2 s)", $2 / 1000}'
}
# Seconds of CPU the hypervisor gave to others while we wanted it (/proc/stat steal), all cores, since boot.
steal_seconds() { awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" {printf "%.2f", $9 / hz}' /proc/stat; }

# CPU seconds (user + system) used so far by a process, and by the bench cluster's processes (pg_pids).
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# Only our cluster's processes: its postmaster (whose children's times hold every process that ended) and its
# children. Every process of the postgres user, as before, counted whatever else ran as postgres: in a FreeRADIUS run of
# 2026-12-06 one such process gone during the load made PostgreSQL's CPU -135.8 µs a packet.
pg_pids() {
  local postmaster
  postmaster=$(head -1 "$PG_DATA/postmaster.pid" 2>/dev/null) || return 0
  [[ -n "$postmaster" ]] || return 0
  echo "$postmaster"
  pgrep -P "$postmaster"
}
pg_cpu_seconds() {
  # summed unrounded: a running total rounded to 0.1 s at each of a dozen processes was off by up to a few tenths
  local pid
  for pid in $(pg_pids); do cat "/proc/$pid/stat" 2>/dev/null || true; done \
    | awk -v hz="$(getconf CLK_TCK)" '{t += $14 + $15 + $16 + $17} END {printf "%.2f", t / hz}'
}
# The same seconds by kind of process, one "kind user-seconds system-seconds" line each: client backends (the
# service's connections), each background process by its title, and "postmaster+ended" (the postmaster and, in its
# children's times, every process that ended: autovacuum workers, backends closed by the pool).
# With a file of "pid application_name" lines ($1, from pg_backend_names), a backend's kind names its pool
# ("backend:sessionkeeper-accounting"): which of the service's kinds of work PostgreSQL's CPU went to.
pg_cpu_by_kind() {
  local pid title kind names="${1:-}"
  for pid in $(pg_pids); do
    title=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || continue
    case "$title" in
      "postgres: "*" "*"("*")"*)
        kind=backend
        [[ -n "$names" ]] && kind=$(awk -v p="$pid" '$1 == p && $2 != "-" {k = "backend:" $2} END {print (k == "" ? "backend" : k)}' "$names") ;;
      "postgres: "*) kind=$(echo "${title#postgres: }" | awk '{print ($2 == "" ? $1 : $1 "_" $2)}') ;;
      *) kind=postmaster+ended ;;
    esac
    awk -v k="$kind" -v hz="$(getconf CLK_TCK)" '{printf "%s %.2f %.2f\n", k, ($14 + $16) / hz, ($15 + $17) / hz}' "/proc/$pid/stat" 2>/dev/null
  done | awk '{u[$1] += $2; s[$1] += $3} END {for (k in u) printf "%s %.2f %.2f\n", k, u[k], s[k]}' | sort
}

# "pid application_name" of each client backend of the database $1, for pg_cpu_by_kind. Taken before a run's first
# CPU reading: the psql that asks is a backend too, and its CPU lands in "postmaster+ended" when it ends.
# A backend opened after it (a pool that grows during the run) is not in the list and counts as plain "backend".
pg_backend_names() {
  psql_db "$1" -qAtF ' ' -c "SELECT pid, coalesce(nullif(application_name, ''), '-') FROM pg_stat_activity WHERE backend_type = 'client backend'"
}

# JFR of the service (started with PROFILE=1): dumps it, keeps it as $2, prints the hottest methods (top frames).
jfr_hot_methods() {
  local pid="$1" keep="$2"
  jcmd "$pid" JFR.dump name=bench filename="$WORK/service.jfr" >/dev/null
  cp "$WORK/service.jfr" "$keep"
  log "service hot methods (JFR execution samples, top frame; recording kept in $keep):"
  jfr print --events jdk.ExecutionSample "$WORK/service.jfr" | grep -A1 'stackTrace = \[' | grep -v -e 'stackTrace' -e '^--' \
    | sed 's/line:.*//' | sort | uniq -c | sort -rn | head -25
}

# The statements that took the most database time (pg_stat_statements), to name the bottleneck.
pg_top_statements() {
  psql_db "$1" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
  # plan_ms: planning time, counted with PG_CONF="pg_stat_statements.track_planning = on" (0 otherwise)
  psql_db "$1" -P pager=off -c "SELECT calls, round(total_exec_time) AS total_ms, round(mean_exec_time::numeric, 2) AS mean_ms,
      round(total_plan_time) AS plan_ms, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 140) AS query
    FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT ${2:-8}"
}

# The service of the query benchmarks (bench/query.sh, bench/usage-history.sh, bench/analytics.sh) on the private
# cluster's database sessionkeeper, loopback only, no rate limit, the bench token; arguments are extra NAME=VALUE
# settings (they override these). Waits until it is ready; SERVICE_PID is its PID (also in PIDS).
BENCH_TOKEN="sk_bench_token_0123456789abcdef"
start_service() {
  env SESSION_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/sessionkeeper" SESSION_DB_USER=postgres SESSION_DB_PASSWORD= \
    SESSION_SECRET_KEY="$BENCH_SECRET_KEY" \
    SESSION_HTTP_BIND=127.0.0.1 SESSION_HTTP_PORT="$HTTP_PORT" SESSION_RADIUS_BIND=127.0.0.1 \
    SESSION_RADIUS_ACCT_PORT="${RADIUS_PORT:-18132}" \
    SESSION_BOOTSTRAP_TOKEN="$BENCH_TOKEN" SESSION_RATE_LIMIT_PER_MINUTE=0 SESSION_RATE_LIMIT_EXPENSIVE_PER_MINUTE=1000000 \
    SESSION_CLEANUP_INTERVAL=0 "$@" java -Xms"$HEAP" -Xmx"$HEAP" -jar "$JAR" serve >>"$WORK/service.log" 2>&1 &
  SERVICE_PID=$!
  PIDS+=("$SERVICE_PID")
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$WORK/service.log"; exit 1; }
    sleep 0.5
  done
  log "the service did not become ready"; exit 1
}

stop_service() {
  kill "$SERVICE_PID"
  for _ in $(seq 1 100); do kill -0 "$SERVICE_PID" 2>/dev/null || return 0; sleep 0.2; done
  log "the service did not stop"; exit 1
}

# One GET measured with wrk (CONNECTIONS connections, DURATION, after a 3 s warm-up): "name RESULT…" and, with a
# target (ms), whether its p95 meets it. $1 name, $2 URL, $3 optional target.
measure() {
  local name="$1" url="$2" target="${3:-}" line p95
  curl -fsS -o /dev/null -H "Authorization: Bearer $BENCH_TOKEN" "$url" || { log "$name: request failed: $url"; return 0; }
  wrk -t1 -c"$CONNECTIONS" -d3s -H "Authorization: Bearer $BENCH_TOKEN" "$url" >/dev/null 2>&1   # warm-up
  line=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -s "$BENCH_DIR/wrk/report.lua" -H "Authorization: Bearer $BENCH_TOKEN" "$url" | grep '^RESULT')
  if [[ -z "$target" ]]; then
    printf '%-28s %s\n' "$name" "${line#RESULT }"
  else
    # met: every request answered 2xx in time, and the p95 within the target (wrk's timeouts count as errors and
    # leave no latency: a run of nothing but errors has a p95 of 0)
    printf '%-28s %s  target p95 <= %s ms: %s\n' "$name" "${line#RESULT }" "$target" \
      "$(awk -v t="$target" '{ for (i = 1; i < NF; i++) v[$i] = $(i + 1) }
        END { print (v["requests"] > 0 && v["errors"] == 0 && v["non2xx"] == 0 && v["p95_ms"] <= t) ? "met" : "NOT met" }' <<<"$line")"
  fi
}
