#!/usr/bin/env bash
# JMH microbenchmarks (module session-benchmarks): packet validate + decode, response encode.
#   bench/jmh.sh                   # all benchmarks; extra arguments go to JMH, e.g. bench/jmh.sh -f 1 -wi 2 -i 3
# The batch write is measured end to end by bench/ingest.sh (pg_stat_statements per statement), not here: a JMH
# benchmark of it would need its own PostgreSQL and measure mostly that PostgreSQL.
set -euo pipefail
REPO_DIR="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO_DIR"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
mvn -q -B -pl session-radius-adapter install -DskipTests
mvn -q -B -pl session-benchmarks package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -cp "session-benchmarks/target/classes:$(cat session-benchmarks/target/classpath.txt)" org.openjdk.jmh.Main \
  io.sessionkeeper.benchmarks "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
