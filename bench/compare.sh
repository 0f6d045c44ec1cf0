#!/usr/bin/env bash
# SessionKeeper vs FreeRADIUS 3.2 + rlm_sql, back to back, same load generator settings, each on its own fresh
# PostgreSQL 15 cluster of the same configuration. Prints both runs and the ratio of acknowledged packets/s.
#   bench/compare.sh                     # SK_SUBSCRIBERS, FR_SUBSCRIBERS; INTERIMS, NAS, SOCKETS, WINDOW, RATE
set -uo pipefail
DIR="$(cd "$(dirname "$0")" && pwd)"
SK_SUBSCRIBERS="${SK_SUBSCRIBERS:-100000}"   # >= 60 s of SessionKeeper ingest
FR_SUBSCRIBERS="${FR_SUBSCRIBERS:-30000}"    # ~90 s of FreeRADIUS at ~1,700 packets/s
OUT="$(mktemp -d /tmp/sk-compare.XXXXXX)"
SUBSCRIBERS="$SK_SUBSCRIBERS" "$DIR/ingest.sh" 2>&1 | tee "$OUT/sessionkeeper.txt"
SUBSCRIBERS="$FR_SUBSCRIBERS" "$DIR/freeradius.sh" 2>&1 | tee "$OUT/freeradius.txt"
sk=$(grep -oE '[0-9]+ packets/s acknowledged' "$OUT/sessionkeeper.txt" | tail -1 | cut -d' ' -f1)
fr=$(grep -oE '[0-9]+ packets/s acknowledged' "$OUT/freeradius.txt" | tail -1 | cut -d' ' -f1)
echo "SessionKeeper ${sk:-?} packets/s, FreeRADIUS + rlm_sql ${fr:-?} packets/s," \
  "ratio $(awk -v a="${sk:-0}" -v b="${fr:-0}" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }')x"
rm -rf "$OUT"
