#!/usr/bin/env bash
# Autoscale step: 1 → 200 concurrent callers on a 50 ms handler: bench/autoscale/run.sh
# Writes bench/autoscale/RESULTS-autoscale.md. Knobs (env): CALLERS=200 DURATION=30 MAX_REPLICAS=20 TARGET=10 PLATFORM_ARGS="--nubo.x=y …" OUTPUT=path. Needs wrk.
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
