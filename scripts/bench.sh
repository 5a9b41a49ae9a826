#!/usr/bin/env bash
# The full benchmark run of issue 10 (P2-P5, simulated hosts), as recorded in docs/benchmarks.md.
# Usage: scripts/bench.sh [volumes] [P5 sizes]   e.g. scripts/bench.sh 1000 10,100,1000
# Extra Maven options (e.g. -Dmaven.repo.local=...) come from $MVN_OPTS_EXTRA; a JFR recording is
# written to bench/target/bench.jfr. The table is printed and kept in bench/target/bench-report.md.
set -euo pipefail
cd "$(dirname "$0")/.."
volumes="${1:-1000}"
sizes="${2:-10,100,1000}"
# shellcheck disable=SC2086
exec mvn -o -B -ntp ${MVN_OPTS_EXTRA:-} -pl bench verify \
  -Dbench.volumes="$volumes" \
  -Dbench.observationSizes="$sizes" \
  -Dbench.restartLimitSeconds="${BENCH_RESTART_LIMIT:-180}" \
  "-Dbench.argLine=-Xmx2g -XX:StartFlightRecording=filename=target/bench.jfr,settings=profile"
