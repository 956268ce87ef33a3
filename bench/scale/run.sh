#!/usr/bin/env bash
# Scale benchmark: N functions (default 1000) with one replica each on one standalone platform: bench/scale/run.sh
# Writes bench/scale/RESULTS-scale.md. Knobs (env): FUNCTIONS=1000 CLIENTS=8 JVM_OPTS="" OUTPUT=path RESTARTS=1.
# Needs memory: ~12 MB per Python replica (1000 replicas ≈ 12 GB).
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
