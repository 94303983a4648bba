#!/usr/bin/env bash
# CLI start-up: `bin/pipeline --version` and `bin/pipeline validate` (the launcher: JDK found from its
# release file, a class-data-sharing archive in the user's cache, C1 only, serial GC) against the
# same commands as `java -jar pipeline/target/pipeline.jar` (the baseline: default JVM options, no
# archive), alternating in one run. Wall and CPU (user+sys) medians and their ratios.
# Not a unit test: the numbers depend on the machine, the ratios much less.
#
#   bench/cli-start.sh [RUNS]    default 15 runs of each
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=${1:-15}
. bin/jdk.sh
use_jdk21
java=$JAVA_HOME/bin/java
[ -f pipeline/target/pipeline.jar ] || ./mvnw -B -q -DskipTests package
bin/pipeline --version >/dev/null   # builds when needed, and writes the archive once

# One sample: "WALL_SECONDS CPU_SECONDS" of one command.
timing=$(mktemp)
trap 'rm -f "$timing"' EXIT
sample() {
  /usr/bin/time -o "$timing" -f '%e %U %S' "$@" >/dev/null 2>&1
  awk '{printf "%.3f %.3f\n", $1, $2 + $3}' "$timing"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

measure() {
  local label=$1; shift
  local launcher_wall=() launcher_cpu=() plain_wall=() plain_cpu=() s i
  for ((i = 0; i < runs; i++)); do
    if ((i % 2 == 0)); then
      s=$(sample bin/pipeline "$@"); launcher_wall+=("${s% *}"); launcher_cpu+=("${s#* }")
      s=$(sample "$java" -jar pipeline/target/pipeline.jar "$@"); plain_wall+=("${s% *}"); plain_cpu+=("${s#* }")
    else
      s=$(sample "$java" -jar pipeline/target/pipeline.jar "$@"); plain_wall+=("${s% *}"); plain_cpu+=("${s#* }")
      s=$(sample bin/pipeline "$@"); launcher_wall+=("${s% *}"); launcher_cpu+=("${s#* }")
    fi
  done
  local lw lc pw pc
  lw=$(printf '%s\n' "${launcher_wall[@]}" | median); lc=$(printf '%s\n' "${launcher_cpu[@]}" | median)
  pw=$(printf '%s\n' "${plain_wall[@]}" | median); pc=$(printf '%s\n' "${plain_cpu[@]}" | median)
  printf '%-22s launcher %5.3f s wall %5.3f s cpu | java -jar %5.3f s wall %5.3f s cpu | ratio launcher/baseline: wall %.2f, cpu %.2f\n' \
    "$label" "$lw" "$lc" "$pw" "$pc" "$(awk -v a="$lw" -v b="$pw" 'BEGIN{print a/b}')" "$(awk -v a="$lc" -v b="$pc" 'BEGIN{print a/b}')"
}

echo "JDK $("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.runtime.version = //p'); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each (medians)"
measure "pipeline --version" --version
measure "pipeline validate" validate
