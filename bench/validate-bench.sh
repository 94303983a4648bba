#!/usr/bin/env bash
# What `pipeline validate` costs over all of cloudformation/: the first (cold) validation in a JVM, the
# warm median, and parsing the same templates alone as the baseline of both, measured in one run; plus
# `java -jar pipeline/target/pipeline.jar validate` against `--version` when that jar is built.
# Not a unit test: the numbers depend on the machine, the ratios much less.
#
#   bench/validate-bench.sh [WARM_RUNS [PROCESS_RUNS]]   defaults 50 and 5
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
use_jdk21
# exec:exec, not exec:java: the benchmark runs in a JVM of its own, so its first validation is as cold
# as a CLI run's, and it can start more such JVMs with the same class path.
./mvnw -B -q -pl pipeline test-compile org.codehaus.mojo:exec-maven-plugin:3.6.2:exec \
  -Dexec.executable="$JAVA_HOME/bin/java" \
  -Dexec.classpathScope=test \
  -Dexec.args="-classpath %classpath dev.userapi.pipeline.policy.ValidateBenchmark ${1:-50} ${2:-5}"
