#!/usr/bin/env bash
# What checking accounts.yaml costs for 1,000 to 8,000 environments chained by `after:` (and the same
# chains closed into a cycle), beside composing the same YAML alone, in one run: the 'after' checks
# are linear when doubling N about doubles the time and check/compose stays flat.
# Not a unit test: the numbers depend on the machine, the ratios much less.
#
#   bench/accounts-bench.sh [RUNS]   default 9
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
use_jdk21
./mvnw -B -q -pl pipeline test-compile org.codehaus.mojo:exec-maven-plugin:3.6.2:java \
  -Dexec.mainClass=dev.userapi.pipeline.config.AccountsBenchmark \
  -Dexec.classpathScope=test \
  -Dexec.args="${1:-9}"
