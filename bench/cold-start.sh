#!/usr/bin/env bash
# Cold start of the create-user function: JVM start -> first response, against dynalite,
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
  echo "building the functions artifact, the dynalite launcher and the benchmark..." >&2
  ./mvnw -B -q -pl dynalite,functions -am package -DskipTests
  ./mvnw -B -q -f bench/cold-start/pom.xml package
fi
mkdir -p "$bench/target"
ours_jar=$root/functions/target/user-api-functions.jar
dynalite_jar=$root/dynalite/target/user-api-dynalite.jar
for f in "$ours_jar" "$dynalite_jar" "$bench/target/cold-start-bench.jar" "$bench/target/cold-start-bench-baseline.jar"; do
  [ -f "$f" ] || { echo "missing $f: run without SKIP_BUILD" >&2; exit 2; }
done

# dynalite, the tests' DynamoDB engine, once for the whole run, in memory, on 127.0.0.1 and a port it
# picks; the launcher prints the endpoint and serves until its stdin closes (the fifo below).
log=$bench/target/dynalite.log
fifo=$bench/target/dynalite.stdin
rm -f "$fifo" && mkfifo "$fifo"
"$java" -jar "$dynalite_jar" <"$fifo" >"$bench/target/dynalite.endpoint" 2>"$log" &
dynalite_pid=$!
exec 4>"$fifo"
trap 'exec 4>&-; wait "$dynalite_pid" 2>/dev/null || true; rm -f "$fifo"' EXIT
endpoint=
for _ in $(seq 1 600); do
  endpoint=$(head -n 1 "$bench/target/dynalite.endpoint" 2>/dev/null || true)
  [ -n "$endpoint" ] && break
  kill -0 "$dynalite_pid" 2>/dev/null || { echo "dynalite did not start:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.2
done
[ -n "$endpoint" ] || { echo "dynalite did not start within 120 s:" >&2; cat "$log" >&2; exit 1; }

echo "JDK: $("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.runtime.version = //p'); JVM options: $jvm_opts; $(nproc) cores" >&2
echo "artifact: $ours_jar ($(stat -c %s "$ours_jar") bytes); baseline: $(stat -c %s "$bench/target/cold-start-bench-baseline.jar") bytes" >&2
# shellcheck disable=SC2086 # jvm_opts is a list of options
"$java" -cp "$bench/target/cold-start-bench-baseline.jar" dev.userapi.bench.ColdStartBench \
  "$endpoint" "$runs" "$java" \
  "$ours_jar:$bench/target/cold-start-bench.jar" \
  "$bench/target/cold-start-bench-baseline.jar" \
  $jvm_opts
