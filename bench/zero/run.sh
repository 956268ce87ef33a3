#!/usr/bin/env bash
# Scale to zero: N functions (default 1000) deployed with minReplicas 0, all at zero: bench/zero/run.sh
# Writes bench/zero/RESULTS-zero.md. Knobs (env): FUNCTIONS=1000 CLIENTS=8 JVM_OPTS="" OUTPUT=path.
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
