#!/usr/bin/env bash
# Cold start of the create-user function: JVM start -> first response, against DynamoDB Local,
# for our handler (functions/target/user-api-functions.jar) and a baseline written the naive way
# (DynamoDbClient.create(): default credential and region chains, Apache HTTP client discovered on
# the class path), alternating in the same run. Not a unit test: numbers depend on the machine.
#
#   bench/cold-start.sh               10 runs of each
#   RUNS=20 bench/cold-start.sh       more runs
#   SKIP_BUILD=1 bench/cold-start.sh  reuse the jars already built
#   JVM_OPTS="..." bench/cold-start.sh  options for the measured JVMs (default: the template's
#                                       JAVA_TOOL_OPTIONS, tier-1 compilation only)
# Maven options (e.g. MAVEN_ARGS=-o for offline) are read by Maven itself.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bench=$root/bench/cold-start
runs=${RUNS:-10}
jvm_opts=${JVM_OPTS:--XX:+TieredCompilation -XX:TieredStopAtLevel=1}

# A JDK 21+ (the default java on some machines is 17), as the launcher and .ci/run pick it.
. bin/jdk.sh
use_jdk21
java=$JAVA_HOME/bin/java

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building the functions artifact and the benchmark..." >&2
  # package also copies sqlite4java's native libraries to functions/target/native-libs.
  ./mvnw -B -q -pl functions package -DskipTests
  ./mvnw -B -q -f bench/cold-start/pom.xml package
fi
mkdir -p "$bench/target"
if [ -z "${SKIP_BUILD:-}" ] || [ ! -s "$bench/target/dynamodb-local.classpath" ]; then
  ./mvnw -B -q -pl functions dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$bench/target/dynamodb-local.classpath"
fi
ours_jar=$root/functions/target/user-api-functions.jar
for f in "$ours_jar" "$bench/target/cold-start-bench.jar" "$bench/target/cold-start-bench-baseline.jar"; do
  [ -f "$f" ] || { echo "missing $f: run without SKIP_BUILD" >&2; exit 2; }
done

# A free port on the loopback interface: nothing answers there.
port=
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "no free port found" >&2; exit 1; }

# DynamoDB Local, once for the whole run, in memory.
# It runs in target/, where it leaves its dynamodb-local-metadata.json.
log=$bench/target/dynamodb-local.log
(cd "$bench/target" && exec "$java" -Dsqlite4java.library.path="$root/functions/target/native-libs" \
  --enable-native-access=ALL-UNNAMED -cp "$(cat "$bench/target/dynamodb-local.classpath")" \
  com.amazonaws.services.dynamodbv2.local.main.ServerRunner -inMemory -disableTelemetry -port "$port") >"$log" 2>&1 &
dynamodb_pid=$!
trap 'kill "$dynamodb_pid" 2>/dev/null || true; wait "$dynamodb_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  kill -0 "$dynamodb_pid" 2>/dev/null || { echo "DynamoDB Local did not start:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.2
done

echo "JDK: $("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.runtime.version = //p'); JVM options: $jvm_opts; $(nproc) cores" >&2
echo "artifact: $ours_jar ($(stat -c %s "$ours_jar") bytes); baseline: $(stat -c %s "$bench/target/cold-start-bench-baseline.jar") bytes" >&2
# shellcheck disable=SC2086 # jvm_opts is a list of options
"$java" -cp "$bench/target/cold-start-bench-baseline.jar" dev.userapi.bench.ColdStartBench \
  "http://127.0.0.1:$port" "$runs" "$java" \
  "$ours_jar:$bench/target/cold-start-bench.jar" \
  "$bench/target/cold-start-bench-baseline.jar" \
  $jvm_opts
