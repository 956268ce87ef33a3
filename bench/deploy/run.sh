#!/usr/bin/env bash
# Deploy → first answer: bench/deploy/run.sh — writes bench/deploy/RESULTS-deploy.md.
# Knobs (env): DEPLOYS=20 (per configuration), CONFIGS="pool nopool".
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
