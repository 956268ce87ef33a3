#!/usr/bin/env bash
# Starts a Python benchmark against the standalone platform: bench/lib/run-bench.sh path/to/bench.py
# Selects a JDK 21+, builds platform-standalone/target/nubo-standalone.jar if it is missing (tests skipped), then runs
# /usr/bin/python3 bench.py <java> <jar>; the benchmark reads its own knobs from the environment.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../../scripts/select-jdk.sh
source "$root/scripts/select-jdk.sh"
jar="$root/platform-standalone/target/nubo-standalone.jar"
if [ ! -f "$jar" ]; then
  echo "building the standalone jar (tests skipped)" >&2
  (cd "$root" && ./mvnw -q -B -DskipTests install)
fi
exec /usr/bin/python3 "$1" "$JAVA_HOME/bin/java" "$jar"
