#!/usr/bin/env bash
# Benchmarks every bundled runtime with the conformance fixture function:
#   - process start → first /healthz 200: median and p90 of 20 starts
#   - GET /hello with `wrk -t1 -c32 -d10s --latency` after a 3 s warm-up: requests/s, p50, p99
# and writes the table to bench/runtimes/RESULTS-runtimes.md.
#
# Usage: bench/runtimes/run.sh [--no-build]
#   RUNTIMES=python,nodejs   only these runtime folders
#   --no-build               reuse the last build (runtime-images/conformance/target)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
module="$root/runtime-images/conformance"
# the platform builds and runs on JDK 21+; this machine's default java is 17
# shellcheck source=../../scripts/select-jdk.sh
source "$root/scripts/select-jdk.sh"
mvn() { "$root/mvnw" "$@"; }

command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }

cd "$root"
if [[ "${1:-}" != "--no-build" ]]; then
  mvn -q -pl runtime-images/conformance -am install -DskipTests
  mvn -q -pl runtime-images/conformance test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$module/target/bench.classpath"
fi

java -cp "$module/target/test-classes:$(cat "$module/target/bench.classpath")" \
  -Dnubo.conformance.workDir="$module/target/bench" \
  -Dnubo.conformance.cacheDir="$module/target/conformance-cache" \
  -Dnubo.conformance.runtimes="${RUNTIMES:-}" \
  dev.nubo.runtimes.conformance.RuntimeBenchmark "$here/RESULTS-runtimes.md"
