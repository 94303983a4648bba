#!/usr/bin/env bash
# CLI start-up: `bin/pipeline --version` and `bin/pipeline validate` (the launcher: JDK found from its
# release file, JDK 24+'s ahead-of-time cache or else a class-data-sharing archive in the user's
# cache, C1 only, serial GC), the launcher with the CDS archive only (PIPELINE_AOT=off, what JDK 21-23
# get), and the same commands as `java -jar pipeline/target/pipeline.jar` (the baseline: default JVM
# options, no archive), in rotating order in one run. Wall and CPU (user+sys) medians and ratios.
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
PIPELINE_AOT=off bin/pipeline --version >/dev/null
# The ahead-of-time cache (JDK 24+) is trained in the background of the first command: wait for it.
for _ in $(seq 120); do compgen -G "${PIPELINE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/user-api}/cds/*.training" >/dev/null || break; sleep 1; done

# One sample: "WALL_SECONDS CPU_SECONDS" of one command.
timing=$(mktemp)
trap 'rm -f "$timing"' EXIT
sample() {
  /usr/bin/time -o "$timing" -f '%e %U %S' "$@" >/dev/null 2>&1
  awk '{printf "%.3f %.3f\n", $1, $2 + $3}' "$timing"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# Medians of the samples in the named arrays.
med() { printf '%s\n' "$@" | median; }

measure() {
  local label=$1; shift
  local aot_wall=() aot_cpu=() cds_wall=() cds_cpu=() plain_wall=() plain_cpu=() s i
  for ((i = 0; i < runs; i++)); do
    # Rotating the order spreads drifts in the machine's load over the three.
    for which in $(printf 'aot cds plain\ncds plain aot\nplain aot cds\n' | sed -n "$((i % 3 + 1))p"); do
      case $which in
        aot) s=$(sample bin/pipeline "$@"); aot_wall+=("${s% *}"); aot_cpu+=("${s#* }") ;;
        cds) s=$(PIPELINE_AOT=off sample bin/pipeline "$@"); cds_wall+=("${s% *}"); cds_cpu+=("${s#* }") ;;
        plain) s=$(sample "$java" -jar pipeline/target/pipeline.jar "$@"); plain_wall+=("${s% *}"); plain_cpu+=("${s#* }") ;;
      esac
    done
  done
  local aw ac cw cc pw pc
  aw=$(med "${aot_wall[@]}"); ac=$(med "${aot_cpu[@]}")
  cw=$(med "${cds_wall[@]}"); cc=$(med "${cds_cpu[@]}")
  pw=$(med "${plain_wall[@]}"); pc=$(med "${plain_cpu[@]}")
  printf '%-20s launcher %5.3f s wall %5.3f s cpu | CDS only %5.3f s wall %5.3f s cpu | java -jar %5.3f s wall %5.3f s cpu | launcher/java -jar: wall %.2f, cpu %.2f\n' \
    "$label" "$aw" "$ac" "$cw" "$cc" "$pw" "$pc" "$(awk -v a="$aw" -v b="$pw" 'BEGIN{print a/b}')" "$(awk -v a="$ac" -v b="$pc" 'BEGIN{print a/b}')"
}

echo "JDK $("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.runtime.version = //p'); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each (medians)"
measure "pipeline --version" --version
measure "pipeline validate" validate
