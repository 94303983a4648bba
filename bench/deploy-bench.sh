#!/usr/bin/env bash
# Counts AWS calls and wall time of pipeline deploy (create, update, no-op redeploy) for 1 and 12
# targets, against the in-memory fakes with a fixed latency per call. Usage: bench/deploy-bench.sh [LATENCY_MS]
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
use_jdk21
./mvnw -B -q -pl pipeline test-compile org.codehaus.mojo:exec-maven-plugin:3.6.2:java \
  -Dexec.mainClass=dev.userapi.pipeline.cli.DeployBenchmark \
  -Dexec.classpathScope=test \
  -Dexec.args="${1:-50}"
