#!/usr/bin/env bash
# Scale to zero: N functions (default 1000) deployed with minReplicas 0, all at zero: bench/zero/run.sh
# Writes bench/zero/RESULTS-zero.md. Knobs (env): FUNCTIONS=1000 CLIENTS=8 JVM_OPTS="" OUTPUT=path.
exec "$(dirname "$0")/../lib/run-bench.sh" "$(dirname "$0")/bench.py"
