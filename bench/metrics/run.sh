#!/usr/bin/env bash
# What recording every call (history + Prometheus meters) costs the gateway: bench/metrics/run.sh
# Two gateway JVMs on one node hello upstream, metrics off and on, measured alternately with wrk; then the cost of one
# record call alone. Writes bench/metrics/RESULTS-metrics.md. Knobs (env): WARMUP=20 DURATION=8 REPS=3 C=64.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../scripts/select-jdk.sh
source "$root/scripts/select-jdk.sh"
cd "$root"
"$root/mvnw" -q -pl platform-triggers -am -DskipTests install >/dev/null
"$root/mvnw" -q -f platform-triggers/pom.xml test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
classpath="platform-triggers/target/test-classes:platform-triggers/target/classes:$(cat platform-triggers/target/bench.classpath)"
exec /usr/bin/python3 "$here/bench.py" "$classpath"
