#!/usr/bin/env bash
# Cold start benchmark: bench/coldstart/run.sh — writes bench/coldstart/RESULTS-coldstart.md.
# Knobs (env): ROUNDS=20 (wakes per runtime and configuration), DEPLOYS=10, RUNTIMES="python3.11 nodejs20 …".
exec "$(dirname "$0")/../lib/run-bench.sh" "$(dirname "$0")/bench.py"
