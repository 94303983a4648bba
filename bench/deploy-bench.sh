#!/usr/bin/env bash
# Counts AWS calls and wall time of pipeline deploy (create, update, no-op redeploy) for 1 and 12
# targets, against the in-memory fakes with a fixed latency per call. Usage: bench/deploy-bench.sh [LATENCY_MS]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${JAVA_HOME:-}" ]; then
  for jdk in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    [ -x "$jdk/bin/java" ] && export JAVA_HOME="$jdk" && break
  done
fi
./mvnw -B -q -o -pl pipeline test-compile org.codehaus.mojo:exec-maven-plugin:3.6.2:java \
  -Dexec.mainClass=dev.userapi.pipeline.cli.DeployBenchmark \
  -Dexec.classpathScope=test \
  -Dexec.args="${1:-50}"
