#!/usr/bin/env bash
# Kafka → trivial function through a KafkaTrigger (at least once) beside a plain Kafka consumer calling the same
# replica directly: records/s at saturation and p50/p99 at 1,000 records/s. bench/kafka/run.sh [records] [seconds]
# [partitions] [in-flight]. Starts a standalone platform (embedded broker on a free port) in its own data directory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../scripts/select-jdk.sh
source "$root/scripts/select-jdk.sh"
cd "$root"
"$root/mvnw" -q -B -ntp -pl platform-standalone -am -DskipTests install >/dev/null
"$root/mvnw" -q -B -ntp -f platform-standalone/pom.xml test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
classpath="platform-standalone/target/test-classes:platform-standalone/target/classes:$(cat platform-standalone/target/bench.classpath)"
exec java -Xmx1g -cp "$classpath" dev.nubo.standalone.KafkaBenchMain "$@"
