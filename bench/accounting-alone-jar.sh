#!/usr/bin/env bash
# Builds the service's jar as it is at a commit, minus its usage samples: issue 12's "accounting write alone",
# which issue 13's samples are measured against. Nothing else changes: the same rules, statements and unit of work.
#   bench/accounting-alone-jar.sh OUT.jar [COMMIT]        # COMMIT defaults to HEAD; MVN_FLAGS, e.g. -o
# then: JAR=OUT.jar bench/ingest.sh (with DRIVER=radclient too).
#
# Why a jar and not a trigger: SAMPLES=drop (bench/ingest.sh) drops the rows in PostgreSQL, but the service still
# builds and sends the samples statement and PostgreSQL still parses it, unnests its arrays and fires the trigger once
# a row: 1.6-1.8 us a packet of PostgreSQL's time (pg_stat_statements, docs/benchmarks.md), counted in the accounting
# write although it is the samples' cost. This jar issues no samples statement at all.
#
# The two lines taken out of AccountingService (the sample built from each event, and the batch's append) are matched
# exactly; if either is not found once, the script stops rather than build something else.
set -euo pipefail
OUT="${1:?usage: accounting-alone-jar.sh OUT.jar [COMMIT]}"
COMMIT="${2:-HEAD}"
ROOT="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
case "$OUT" in /*) ;; *) OUT="$PWD/$OUT" ;; esac
WT="$(mktemp -d /tmp/sk-alone.XXXXXX)"
git -C "$ROOT" worktree add -q --detach "$WT" "$COMMIT"
trap 'git -C "$ROOT" worktree remove --force "$WT"' EXIT
SERVICE="$WT/session-domain/src/main/java/io/sessionkeeper/domain/service/AccountingService.java"
for line in 'samples.add(observation.sampleOf(result, newerThanStored(result.id(), observation.eventTime())));' \
            'writes.appendSamples(samples);'; do
  n=$(grep -cF -- "$line" "$SERVICE" || true)
  if [[ "$n" != 1 ]]; then
    echo "accounting-alone-jar: expected the line '$line' once in AccountingService, found it $n times" >&2
    exit 1
  fi
  grep -vF -- "$line" "$SERVICE" > "$SERVICE.new" && mv "$SERVICE.new" "$SERVICE"
done
# shellcheck disable=SC2086 # MVN_FLAGS is a list of flags
(cd "$WT" && mvn -B -q ${MVN_FLAGS:-} package -DskipTests -Dspotless.check.skip=true -pl session-app -am)
cp "$WT/session-app/target/session-app.jar" "$OUT"
echo "accounting-alone-jar: $OUT (commit $(git -C "$WT" rev-parse --short HEAD), without the usage samples)"
