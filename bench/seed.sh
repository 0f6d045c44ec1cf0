#!/usr/bin/env bash
# The set-based seed of sessions, shared by bench/query.sh and bench/ingest.sh (sourced after lib.sh, with
# TENANT set and the service's migrations applied). `seed SIZE ACTIVE` truncates sessions, drops its indexes
# (whatever the migrations created, read from the catalog by bench/sql/sessions-index-ddl.sql), inserts in
# statements of SEED_SLICE rows (SEED_JOBS at a time), rebuilds the same indexes (INDEX_JOBS CREATE INDEX at a
# time, each with INDEX_WORKERS parallel maintenance workers and maintenance_work_mem 1GB) and runs VACUUM ANALYZE;
# it stops if the indexes and constraints afterwards differ from those before. Triggers stay in place and fire once
# per INSERT statement (the counter tables of migration V2 count the seeded rows).
SEED_SLICE="${SEED_SLICE:-1000000}"   # rows per INSERT; a seed of at most one slice equals the original single statement
SEED_JOBS="${SEED_JOBS:-2}"           # INSERTs at a time (psql sessions); the rows do not depend on it
INDEX_JOBS="${INDEX_JOBS:-2}"         # CREATE INDEX at a time (psql sessions)
INDEX_WORKERS="${INDEX_WORKERS:-1}"   # max_parallel_maintenance_workers of each CREATE INDEX

elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# Rows $1 .. $2 of the seed (SEED_TOTAL, SEED_ACTIVE, times relative to SEED_NOW); run by xargs.
insert_slice() {
  local start=$EPOCHREALTIME rows
  rows=$(psql_db sessionkeeper -v tenant="$TENANT" -v total="$SEED_TOTAL" -v active="$SEED_ACTIVE" -v from="$1" -v to="$2" \
    -v now="$SEED_NOW" -f "$BENCH_DIR/sql/seed-sessions.sql") || return 1
  [[ "$rows" == $(($2 - $1 + 1)) ]] || { log "sessions $1 .. $2: $rows rows inserted"; return 1; }
  log "  inserted sessions $1 .. $2 in $(elapsed "$start") s"
}

# One CREATE INDEX statement ($1), timed into $WORK/seed-index-times; run by xargs.
build_index() {
  local start=$EPOCHREALTIME
  PGOPTIONS="-c maintenance_work_mem=1GB -c max_parallel_maintenance_workers=$INDEX_WORKERS" \
    psql_db sessionkeeper -c "$1" || return 1
  echo "$(elapsed "$start") $(awk '{ for (i = 1; i < NF; i++) if ($i == "INDEX") { print $(i + 1); exit } }' <<<"$1")" \
    >>"$WORK/seed-index-times"
}
export -f insert_slice build_index psql_db elapsed log
export PG_BIN PG_PORT BENCH_DIR WORK TENANT INDEX_WORKERS

# The indexes, constraints and storage parameters of sessions, to check that the seed gave back what it took.
sessions_schema() {
  psql_db sessionkeeper -At -c "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'sessions' ORDER BY indexname" \
    -c "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'sessions'::regclass ORDER BY conname" \
    -c "SELECT reloptions FROM pg_class WHERE oid = 'sessions'::regclass"
}

# TRUNCATE, then rows 1 .. $1 ($2 open) into sessions without its indexes, then the indexes back and VACUUM ANALYZE.
seed() {
  local size="$1" active="$2" start t_insert t_index t_vacuum t_checkpoint from to
  psql_db sessionkeeper -c "TRUNCATE sessions" >/dev/null
  sessions_schema >"$WORK/seed-schema-before"
  for phase in drop build finish; do
    psql_db sessionkeeper -At -0 -v phase="$phase" -f "$BENCH_DIR/sql/sessions-index-ddl.sql" >"$WORK/seed-$phase.sql"
  done
  local statements=$(((size + SEED_SLICE - 1) / SEED_SLICE))
  log "seeding $size sessions ($active active): dropping $(tr -cd '\0' <"$WORK/seed-build.sql" | wc -c) indexes," \
    "$statements INSERT(s) of up to $SEED_SLICE rows, $((SEED_JOBS < statements ? SEED_JOBS : statements)) at a time"
  xargs -0 -r printf '%s;\n' <"$WORK/seed-drop.sql" | psql_db sessionkeeper -1 -f - >/dev/null
  start=$EPOCHREALTIME
  psql_db sessionkeeper -v tenant="$TENANT" -f "$BENCH_DIR/sql/seed-reference.sql" >/dev/null   # NAS, customers
  export SEED_TOTAL="$size" SEED_ACTIVE="$active"
  SEED_NOW=$(psql_db sessionkeeper -Atc "SELECT now()")
  export SEED_NOW
  for ((from = 1; from <= size; from += SEED_SLICE)); do
    to=$((from + SEED_SLICE - 1 < size ? from + SEED_SLICE - 1 : size))
    echo "$from $to"
  done | xargs -n 2 -P "$SEED_JOBS" bash -c 'insert_slice "$@"' _
  t_insert=$(elapsed "$start")
  start=$EPOCHREALTIME
  : >"$WORK/seed-index-times"
  xargs -0 -n 1 -P "$INDEX_JOBS" bash -c 'build_index "$1"' _ <"$WORK/seed-build.sql"
  xargs -0 -r printf '%s;\n' <"$WORK/seed-finish.sql" | psql_db sessionkeeper -1 -f - >/dev/null
  t_index=$(elapsed "$start")
  start=$EPOCHREALTIME
  psql_db sessionkeeper -c "VACUUM ANALYZE sessions" -c "VACUUM ANALYZE customers" -c "VACUUM ANALYZE nas"
  t_vacuum=$(elapsed "$start")
  sessions_schema >"$WORK/seed-schema-after"
  if ! diff -u "$WORK/seed-schema-before" "$WORK/seed-schema-after" >"$WORK/seed-schema.diff"; then
    log "the indexes or constraints of sessions differ after the seed:"; cat "$WORK/seed-schema.diff"; exit 1
  fi
  # the seed's dirty pages written now rather than by a spread checkpoint during the measurements
  start=$EPOCHREALTIME
  psql_db sessionkeeper -c "CHECKPOINT"
  t_checkpoint=$(elapsed "$start")
  log "seeded $size sessions ($active active) in $(awk -v a="$t_insert" -v b="$t_index" -v c="$t_vacuum" 'BEGIN { printf "%.1f", a + b + c }') s:" \
    "insert $t_insert s, index build $t_index s ($INDEX_JOBS at a time, $INDEX_WORKERS worker(s) each), vacuum analyze $t_vacuum s" \
    "(then CHECKPOINT $t_checkpoint s);" \
    "$(psql_db sessionkeeper -Atc "SELECT pg_size_pretty(pg_table_size('sessions')) || ' table, ' || pg_size_pretty(pg_indexes_size('sessions'))
      || ' indexes'")"
  log "  CREATE INDEX times (s, $INDEX_JOBS at a time):" \
    "$(sort -rn "$WORK/seed-index-times" | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1 }')"
  # counters kept by triggers on sessions (left to the triggers: only read here)
  local counters
  counters=$(psql_db sessionkeeper -At -c "SELECT string_agg(format('%s %s rows', c.relname,
      (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]), ', '
      ORDER BY c.relname)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() AND c.relname <> 'sessions'
      AND c.relname ~ '(count|counter|tally|total|starts)'")
  if [[ -n "$counters" ]]; then
    log "  counter tables after the seed: $counters; triggers on sessions:" \
      "$(psql_db sessionkeeper -At -c "SELECT coalesce(string_agg(format('%s (%s: %s)', tgname,
          CASE WHEN tgtype & 1 = 1 THEN 'row' ELSE 'statement' END,
          concat_ws(' ', CASE WHEN tgtype & 4 = 4 THEN 'INSERT' END, CASE WHEN tgtype & 16 = 16 THEN 'UPDATE' END,
            CASE WHEN tgtype & 8 = 8 THEN 'DELETE' END, CASE WHEN tgtype & 32 = 32 THEN 'TRUNCATE' END)), ', ' ORDER BY tgname), 'none')
        FROM pg_trigger WHERE tgrelid = 'sessions'::regclass AND NOT tgisinternal")"
  fi
}

