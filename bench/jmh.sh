#!/usr/bin/env bash
# JMH microbenchmarks (module session-benchmarks).
#   PacketBenchmark           packet validate + decode, response encode (ns/op); the default
#   AccountingBatchBenchmark  the writer's batch write: one track-accounting call = one PostgreSQL transaction with
#                             fsync, on an embedded PostgreSQL started per trial in java.io.tmpdir (ms/op)
# A first argument that does not start with '-' is the JMH benchmark regex instead of the default; the other
# arguments go to JMH:
#   bench/jmh.sh                                         # PacketBenchmark, as before
#   bench/jmh.sh -f 1 -wi 2 -i 3                         # PacketBenchmark, shorter
#   bench/jmh.sh AccountingBatchBenchmark                # batch write: start/interim/stop x batchSize 100, 500
#   bench/jmh.sh 'AccountingBatchBenchmark.interim' -p batchSize=500 -jvmArgsAppend -Djava.io.tmpdir=/var/tmp
#   bench/jmh.sh .                                       # everything
# The batch write is also measured end to end (with the UDP path, per statement) by bench/ingest.sh.
set -euo pipefail
REPO_DIR="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO_DIR"
BENCHMARKS='io.sessionkeeper.benchmarks.PacketBenchmark'
if [[ $# -gt 0 && "$1" != -* ]]; then
  BENCHMARKS="$1"
  shift
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# session-benchmarks depends on session-domain, session-persistence-jooq and session-radius-adapter: install them.
mvn -q -B -pl session-benchmarks -am install -DskipTests
mvn -q -B -pl session-benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -cp "session-benchmarks/target/classes:$(cat session-benchmarks/target/classpath.txt)" org.openjdk.jmh.Main \
  "$BENCHMARKS" "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
