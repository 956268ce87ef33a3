#!/usr/bin/env bash
# Benchmarks the function gateway against a hello function called directly: bench/gateway/run.sh
# Writes bench/gateway/RESULTS-gateway.md. Knobs (env): WARMUP_NODE=45 WARMUP_PY=15 DURATION=8 REPS=2,
# JVM_OPTS="-Xmx512m", GATEWAY_OPTS="--io-threads=2" (gateway settings), OUTPUT=path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../scripts/select-jdk.sh
source "$root/scripts/select-jdk.sh"
cd "$root"
mvn() { "$root/mvnw" "$@"; }

echo "building the gateway (platform-core + platform-triggers, tests skipped)" >&2
if ! mvn -q -pl platform-triggers -am -DskipTests install >/dev/null 2>&1; then
  # the reactor may not load while other modules are being written: build the two modules alone
  mvn -q -N install
  mvn -q -f platform-core/pom.xml -DskipTests install
  mvn -q -f platform-triggers/pom.xml -DskipTests test-compile
fi
mvn -q -f platform-triggers/pom.xml dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
classpath="platform-triggers/target/test-classes:platform-triggers/target/classes:$(cat platform-triggers/target/bench.classpath)"

exec /usr/bin/python3 "$here/bench.py" "$classpath"
