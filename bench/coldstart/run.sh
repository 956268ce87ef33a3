#!/usr/bin/env bash
# Cold start benchmark: bench/coldstart/run.sh — writes bench/coldstart/RESULTS-coldstart.md.
# Knobs (env): ROUNDS=20 (wakes per runtime and configuration), DEPLOYS=10, RUNTIMES="python3.11 nodejs20 …".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../scripts/select-jdk.sh
source "$root/scripts/select-jdk.sh"
jar="$root/platform-standalone/target/nubo-standalone.jar"
if [ ! -f "$jar" ]; then
  echo "building the standalone jar (tests skipped)" >&2
  (cd "$root" && ./mvnw -q -B -DskipTests install)
fi
exec /usr/bin/python3 "$here/bench.py" "$JAVA_HOME/bin/java" "$jar"
