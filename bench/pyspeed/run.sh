#!/usr/bin/env bash
# Python runtime vs a minimal stdlib http.server, side by side in one run (issue 10):
#   bench/pyspeed/run.sh [label]     REPS=3 DURATION=10 CONNECTIONS=64 THREADS=2
# Starts runtime-images/python/server.py with a hello function and bench/gateway/standin_hello.py (stdlib
# ThreadingHTTPServer, keep-alive, no logging), then alternates wrk runs against each; prints one Markdown row.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
exec /usr/bin/python3 "$here/bench.py" "$root" "${1:-}"
