#!/usr/bin/env bash
# Autoscale step: 1 → 200 concurrent callers on a 50 ms handler: bench/autoscale/run.sh
# Writes bench/autoscale/RESULTS-autoscale.md. Knobs (env): CALLERS=200 DURATION=30 MAX_REPLICAS=20 TARGET=10 PLATFORM_ARGS="--nubo.x=y …" OUTPUT=path. Needs wrk.
exec "$(dirname "$0")/../lib/run-bench.sh" "$(dirname "$0")/bench.py"
