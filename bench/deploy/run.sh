#!/usr/bin/env bash
# Deploy → first answer: bench/deploy/run.sh — writes bench/deploy/RESULTS-deploy.md.
# Knobs (env): DEPLOYS=20 (per configuration), CONFIGS="pool nopool".
exec "$(dirname "$0")/../lib/run-bench.sh" "$(dirname "$0")/bench.py"
