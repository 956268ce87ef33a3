#!/usr/bin/env bash
# Scale benchmark: N functions (default 1000) with one replica each on one standalone platform: bench/scale/run.sh
# Writes bench/scale/RESULTS-scale.md. Knobs (env): FUNCTIONS=1000 CLIENTS=8 JVM_OPTS="" OUTPUT=path RESTARTS=1 THREAD_SAMPLER=0 (1: also time the GETs from a thread of the bench process, as before).
# Needs memory: ~12 MB per Python replica (1000 replicas ≈ 12 GB).
exec "$(dirname "$0")/../lib/run-bench.sh" "$(dirname "$0")/bench.py"
