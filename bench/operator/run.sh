#!/usr/bin/env bash
# 1,000 Functions reconciled by the Kubernetes operator against the fabric8 mock API server (CRUD mode):
# create → every Function has its ConfigMap, Deployment, Service and a status. Writes RESULTS-operator.md here.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/select-jdk.sh >/dev/null
./mvnw -B -ntp -q -o install -DskipTests -pl platform-core,platform-kubernetes,runtime-images -am
./mvnw -B -ntp -q -o verify -pl platform-controller -Dtest=OperatorScaleBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dnubo.bench.report="$PWD/bench/operator/RESULTS-operator.md" -DargLine="-Dnubo.bench.report=$PWD/bench/operator/RESULTS-operator.md"
cat bench/operator/RESULTS-operator.md
