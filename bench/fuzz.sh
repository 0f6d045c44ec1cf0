#!/usr/bin/env bash
# Fuzz benchmark (not run in CI): hostile traffic at the packaged jar on its embedded PostgreSQL.
#   bench/fuzz.sh                                   # 1,000,000 datagrams, then 100,000 HTTP requests
#   DATAGRAMS=100000 REQUESTS=10000 bench/fuzz.sh   # shorter
# Datagrams: random bytes and mutated signed Accounting-Requests from a registered NAS (127.0.0.2) and from an
# unknown client (127.0.0.3) — none may be answered — plus signed packets with hostile values (NUL, invalid UTF-8,
# control characters, odd numbers); then ten clean Starts must still be answered. HTTP: requests generated over
# every operation of the service's /openapi.json with hostile paths, parameters, tokens, methods and bodies —
# none may get a 5xx. Finally the service must still be running and its log free of stack traces.
# Exit status 0 only when all of that holds.
source "$(dirname "$0")/lib.sh"

DATAGRAMS="${DATAGRAMS:-1000000}"
REQUESTS="${REQUESTS:-100000}"
THREADS="${THREADS:-4}"
SEED_VALUE="${FUZZ_SEED:-1}"
HTTP_PORT="${HTTP_PORT:-18080}"
ACCT_PORT="${ACCT_PORT:-18130}"
SECRET="fuzz-secret-0123456789"
TOKEN="sk_fuzz_token_0123456789abcdef"

build_jar_if_missing
log "machine: $(machine)"
log "load average before: $(loadavg)"
(cd "$REPO_DIR" && mvn -q -B -pl session-benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
  && mvn -q -B -pl session-benchmarks compile)
CP="$REPO_DIR/session-benchmarks/target/classes:$(cat "$REPO_DIR/session-benchmarks/target/classpath.txt")"

env SESSION_DATA_DIR="$WORK/data" SESSION_HTTP_BIND=127.0.0.1 SESSION_HTTP_PORT="$HTTP_PORT" \
  SESSION_RADIUS_BIND=127.0.0.1 SESSION_RADIUS_ACCT_PORT="$ACCT_PORT" SESSION_BOOTSTRAP_TOKEN="$TOKEN" \
  SESSION_RATE_LIMIT_PER_MINUTE=0 SESSION_RATE_LIMIT_EXPENSIVE_PER_MINUTE=1000000 SESSION_AUTH_FAILURES_PER_MINUTE=0 SESSION_CLEANUP_INTERVAL=0 \
  SESSION_NAS_REFRESH=1s java -Xmx256m -jar "$JAR" serve >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!
PIDS+=("$SERVICE_PID")
for _ in $(seq 1 240); do
  curl -fsS "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null 2>&1 && break
  kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$WORK/service.log"; exit 1; }
  sleep 0.5
done
curl -fsS -o /dev/null -X POST "http://127.0.0.1:$HTTP_PORT/api/nas" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' \
  -d "{\"name\":\"fuzz-nas\",\"ipAddress\":\"127.0.0.2\",\"secret\":\"$SECRET\",\"vendor\":\"mikrotik\"}"
sleep 2 # the listener re-reads its NAS list every second here

status=0
java -Xmx512m -cp "$CP" io.sessionkeeper.benchmarks.fuzz.FuzzBenchmark acct="127.0.0.1:$ACCT_PORT" \
  http="127.0.0.1:$HTTP_PORT" token="$TOKEN" secret="$SECRET" datagrams="$DATAGRAMS" requests="$REQUESTS" \
  threads="$THREADS" seed="$SEED_VALUE" || status=1

if kill -0 "$SERVICE_PID" 2>/dev/null; then
  log "service still running (pid $SERVICE_PID), RSS $(awk '/VmRSS/ {print $2 " kB"}' /proc/$SERVICE_PID/status)"
else
  log "SERVICE DIED"; status=1
fi
curl -fsS "http://127.0.0.1:$HTTP_PORT/metrics" | grep -E '^sessionkeeper_radius_(packets|attributes)' | sed 's/^/  /'
traces=$(grep -cE '^\s+at |Exception' "$WORK/service.log" || true)
errors=$(grep -c ' ERROR ' "$WORK/service.log" || true)
log "service log: $(wc -l <"$WORK/service.log") lines, $errors ERROR lines, $traces stack-trace/exception lines"
if ((traces > 0)); then
  grep -m 20 -E 'ERROR|Exception' "$WORK/service.log" | sed 's/^/  /'
  status=1
fi
log "load average after: $(loadavg)"
exit $status
