#!/usr/bin/env bash
# A no-op redeploy against moto_server (on a free port of 127.0.0.1): `bin/pipeline deploy` with
# nothing changed beside `aws cloudformation deploy --no-fail-on-empty-changeset` with nothing
# changed, on the same endpoint, alternating in one run. Wall and CPU (user+sys) medians and their
# ratio. Where the AWS CLI is not installed, its side is skipped, saying so.
# Not a unit test: the numbers depend on the machine, the ratio much less.
#
#   bench/noop-redeploy.sh [RUNS]    default 9 runs of each
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=${1:-9}
. bin/jdk.sh
use_jdk21
command -v moto_server >/dev/null || { echo "moto_server is not on the PATH (pip install 'moto[server]')" >&2; exit 2; }
have_aws=1
command -v aws >/dev/null || { have_aws=0; echo "aws (the AWS CLI) is not on the PATH: its side is skipped"; }
bin/pipeline --version >/dev/null   # builds when needed, and starts the start-up archive

work=$(mktemp -d)
moto_pid=""
cleanup() {
  [ -z "$moto_pid" ] || kill "$moto_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
. bench/moto-app.sh
start_moto "$work"
export AWS_ENDPOINT_URL=$moto

app=$work/app
make_app "$app"
(cd "$app" && "$root/bin/pipeline" bootstrap --env dev --yes >"$work/setup.log" 2>&1 \
  && "$root/bin/pipeline" deploy --env dev --yes >>"$work/setup.log" 2>&1) || { cat "$work/setup.log" >&2; exit 1; }

# The setup's first AWS command trained the start-up cache in the background (JDK 24+): wait for it,
# so no sample runs beside the training or without the cache.
for _ in $(seq 120); do compgen -G "${PIPELINE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/user-api}/cds/*.training" >/dev/null || break; sleep 1; done

# The AWS CLI's stack (moto's GetTemplateSummary needs AWSTemplateFormatVersion).
cat >"$work/cli.yaml" <<'EOF'
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Version: { Type: String }
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Sub "noop-bench-${Version}"
EOF
cli_deploy=(aws cloudformation deploy --stack-name noop-bench --template-file "$work/cli.yaml"
  --parameter-overrides Version=1 --no-fail-on-empty-changeset)
pipeline_noop=(env -C "$app" "$root/bin/pipeline" deploy --env dev --yes)
if ((have_aws)); then
  "${cli_deploy[@]}" >"$work/setup.log" 2>&1 || { cat "$work/setup.log" >&2; exit 1; }
  "${cli_deploy[@]}" >"$work/setup.log" 2>&1 || grep -q "No updates are to be performed" "$work/setup.log" \
    || { cat "$work/setup.log" >&2; exit 1; }
fi

timing=$work/timing
# moto refuses an unchanged change set at CreateChangeSet ("No updates are to be performed.", a
# ValidationError), where AWS makes a FAILED change set; the AWS CLI handles only the latter as
# --no-fail-on-empty-changeset says, so against moto its no-op exits 255 with that message: counted
# as the no-op it is. Any other failure stops the benchmark.
sample() { # COMMAND... -> "WALL CPU"
  /usr/bin/time -o "$timing" -f '%e %U %S' "$@" >"$work/out.log" 2>&1 \
    || grep -q "No updates are to be performed" "$work/out.log" || { cat "$work/out.log" >&2; exit 1; }
  tail -1 "$timing" >"$timing.last"; mv "$timing.last" "$timing"
  awk '{printf "%.3f %.3f\n", $1, $2 + $3}' "$timing"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

"${pipeline_noop[@]}" >"$work/out.log" 2>&1
grep -q "deploy dev: NO_CHANGES" "$work/out.log" || { cat "$work/out.log" >&2; exit 1; }
if grep -q "no change set needed" "$work/out.log"; then
  nochange="the stack already matched: no change set made"
else
  nochange="an empty change set made and deleted"
fi
echo "JDK $("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.runtime.version = //p'); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each (medians)"
((have_aws)) && aws --version 2>&1
pw=() pc=() cw=() cc=()
for ((i = 0; i < runs; i++)); do
  s=$(sample "${pipeline_noop[@]}"); pw+=("${s% *}"); pc+=("${s#* }")
  if ((have_aws)); then s=$(sample "${cli_deploy[@]}"); cw+=("${s% *}"); cc+=("${s#* }"); fi
done
pwm=$(printf '%s\n' "${pw[@]}" | median); pcm=$(printf '%s\n' "${pc[@]}" | median)
printf 'pipeline deploy (no changes):          %5.3f s wall %5.3f s cpu   (%s)\n' "$pwm" "$pcm" "$nochange"
if ((have_aws)); then
  cwm=$(printf '%s\n' "${cw[@]}" | median); ccm=$(printf '%s\n' "${cc[@]}" | median)
  printf 'aws cloudformation deploy (no changes): %5.3f s wall %5.3f s cpu\n' "$cwm" "$ccm"
  printf 'ratio pipeline/aws CLI: wall %.2f, cpu %.2f\n' "$(awk -v a="$pwm" -v b="$cwm" 'BEGIN{print a/b}')" \
    "$(awk -v a="$pcm" -v b="$ccm" 'BEGIN{print a/b}')"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
