#!/usr/bin/env bash
# Cold start of the create-user function: JVM start -> first response, against dynalite, in one run:
#   ours         our handler (functions/target/user-api-functions.jar) with the JAVA_TOOL_OPTIONS of
#                cloudformation/app.yaml, as Lambda starts it
#   baseline     a handler written the naive way (DynamoDbClient.create(): default credential and
#                region chains, Apache HTTP client discovered on the class path), deployed the naive
#                way: no JAVA_TOOL_OPTIONS
#   ours-primed  ours after its SnapStart hooks: the first request a restored function serves
# Every JVM starts with the java21 runtime's own options (C1 only, Serial GC; see ColdStartBench).
# Not a unit test: numbers depend on the machine, ratios much less.
#
#   bench/cold-start.sh               10 runs of each
#   RUNS=20 bench/cold-start.sh       more runs
#   SKIP_BUILD=1 bench/cold-start.sh  reuse the jars already built
#   JVM_OPTS="..." bench/cold-start.sh  other JAVA_TOOL_OPTIONS in place of the template's
# Maven options (e.g. MAVEN_ARGS=-o for offline) are read by Maven itself.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bench=$root/bench/cold-start
runs=${RUNS:-10}
# The functions' JAVA_TOOL_OPTIONS, as the template sets them (every function has the same).
template_opts=$(sed -n 's/^ *JAVA_TOOL_OPTIONS: *//p' cloudformation/app.yaml | head -1)
jvm_opts=${JVM_OPTS:-$template_opts}

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

echo "JDK: $("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.runtime.version = //p'); JAVA_TOOL_OPTIONS of ours: $jvm_opts; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "artifact: $ours_jar ($(stat -c %s "$ours_jar") bytes); baseline: $(stat -c %s "$bench/target/cold-start-bench-baseline.jar") bytes" >&2
"$java" -cp "$bench/target/cold-start-bench-baseline.jar" dev.userapi.bench.ColdStartBench \
  "$endpoint" "$runs" "$java" \
  "$ours_jar:$bench/target/cold-start-bench.jar" \
  "$bench/target/cold-start-bench-baseline.jar" \
  "$jvm_opts"
