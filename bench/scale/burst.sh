#!/usr/bin/env bash
# The scale benchmark's create window alone (~1 min): bench/scale/burst.sh. Prints the API GET p50/p99 while 8 clients
# create 1,000 functions, the same GETs inside Tomcat, and the platform's and the machine's CPU in that window.
# Knobs (env): FUNCTIONS=1000 CLIENTS=8 JVM_OPTS="" PLATFORM_ARGS="--nubo.api.write-share=1 …".
exec "$(dirname "$0")/../lib/run-bench.sh" "$(dirname "$0")/burst.py"
