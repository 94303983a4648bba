#!/usr/bin/env bash
# Deploy feedback lag: how long after CloudFormation finishes does the tool say so?
#
# moto_server (on a free port of 127.0.0.1) stands in for CloudFormation, behind bench/lag-proxy.py,
# which holds each change set in CREATE_PENDING/CREATE_IN_PROGRESS for CS seconds and each stack
# operation in *_IN_PROGRESS, without new events, for S seconds after ExecuteChangeSet. For every
# S and CS, one update through `bin/pipeline deploy` and one through `aws cloudformation deploy`
# (the AWS CLI; skipped, saying so, where it is not installed). The lag is the time from the proxy's
# "finished" instant (ExecuteChangeSet + S) to the tool's exit. Also the CloudFormation calls the
# tool made per minute while it watched the stack (from ExecuteChangeSet to its exit).
# Not a unit test: the numbers depend on the machine; ratios and lags much less.
#
#   bench/deploy-lag.sh [S_LIST [CS_LIST]]    default "8 20 25 45 90" "3 6" (about 10 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
stack_list=${1:-8 20 25 45 90}
cs_list=${2:-3 6}
. bin/jdk.sh
use_jdk21
command -v moto_server >/dev/null || { echo "moto_server is not on the PATH (pip install 'moto[server]')" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is not on the PATH" >&2; exit 2; }
have_aws=1
command -v aws >/dev/null || { have_aws=0; echo "aws (the AWS CLI) is not on the PATH: its side is skipped"; }
bin/pipeline --version >/dev/null   # builds when needed, and writes the start-up archive once

work=$(mktemp -d)
moto_pid="" proxy_pid=""
cleanup() {
  [ -z "$proxy_pid" ] || kill "$proxy_pid" 2>/dev/null || true
  [ -z "$moto_pid" ] || kill "$moto_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

. bench/moto-app.sh
start_moto "$work"

# The project as a user has it: accounts.yaml, the templates, a built functions artifact.
app=$work/app
make_app "$app"
version=1
new_artifact() { version=$((version + 1)); head -c 4096 /dev/urandom >"$app/functions/target/user-api-functions.jar"; }
(cd "$app" && AWS_ENDPOINT_URL=$moto "$root/bin/pipeline" bootstrap --env dev --yes >"$work/bootstrap.log" 2>&1) \
  || { cat "$work/bootstrap.log" >&2; exit 1; }
(cd "$app" && AWS_ENDPOINT_URL=$moto "$root/bin/pipeline" deploy --env dev --yes >"$work/first.log" 2>&1) \
  || { cat "$work/first.log" >&2; exit 1; }

# The AWS CLI's stack: one parameter changes on every deploy, so each one is an update. (moto's
# GetTemplateSummary, which the CLI calls on an update, fails without AWSTemplateFormatVersion.)
cat >"$work/cli.yaml" <<'EOF'
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Version: { Type: String }
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Sub "lag-bench-${Version}"
EOF
if ((have_aws)); then
  aws cloudformation deploy --endpoint-url "$moto" --stack-name lag-bench --template-file "$work/cli.yaml" \
    --parameter-overrides Version=0 >"$work/cli-first.log" 2>&1 || { cat "$work/cli-first.log" >&2; exit 1; }
fi

start_proxy() { # CS S
  rm -f "$work/proxy.port" "$work/proxy.log"
  python3 bench/lag-proxy.py --target "$moto" --change-set-seconds "$1" --stack-seconds "$2" \
    --log "$work/proxy.log" --port-file "$work/proxy.port" >>"$work/proxy.out" 2>&1 &
  proxy_pid=$!
  for _ in $(seq 100); do [ -s "$work/proxy.port" ] && break; sleep 0.05; done
  proxy=http://127.0.0.1:$(cat "$work/proxy.port")
}
stop_proxy() { kill "$proxy_pid"; wait "$proxy_pid" 2>/dev/null || true; proxy_pid=""; }

# "LAG CALLS_PER_MINUTE" of the run just made through the proxy, given the tool's exit instant.
lag_of() { # EXIT_EPOCH
  awk -v end="$1" '
    $1 == "before" { before[$2] = $3; next }
    $1 == "total" { total[$2] = $3; next }
    NF == 2 { exec_at = $1; finish = $2 }
    END {
      for (k in total) if (k ~ /^Describe/) watch += total[k] - before[k]
      printf "%.2f %.1f\n", end - finish, watch / ((end - exec_at) / 60)
    }' "$work/proxy.log"
}

pipeline_run() { # CS S; sets result to "LAG CALLS/MIN"
  new_artifact
  start_proxy "$1" "$2"
  (cd "$app" && AWS_ENDPOINT_URL=$proxy "$root/bin/pipeline" deploy --env dev --yes >"$work/run.log" 2>&1) \
    || { cat "$work/run.log" >&2; exit 1; }
  local end; end=$(date +%s.%N)
  stop_proxy
  grep -q "deploy dev: SUCCEEDED" "$work/run.log" || { cat "$work/run.log" >&2; exit 1; }
  result=$(lag_of "$end")
}

cli_run() { # CS S; sets result to "LAG CALLS/MIN"
  start_proxy "$1" "$2"
  aws cloudformation deploy --endpoint-url "$proxy" --stack-name lag-bench --template-file "$work/cli.yaml" \
    --parameter-overrides "Version=$version" >"$work/run.log" 2>&1 || { cat "$work/run.log" >&2; exit 1; }
  local end; end=$(date +%s.%N)
  stop_proxy
  result=$(lag_of "$end")
}

echo "JDK $("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.runtime.version = //p'); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
((have_aws)) && echo "$(aws --version 2>&1)"
printf '%4s %4s | %-24s | %-24s | %s\n' S CS "pipeline lag, calls/min" "aws CLI lag, calls/min" "ratio pipeline/CLI"
p_lags=() c_lags=()
for s in $stack_list; do
  for cs in $cs_list; do
    pipeline_run "$cs" "$s"
    read -r pl pc <<<"$result"
    p_lags+=("$pl")
    if ((have_aws)); then
      cli_run "$cs" "$s"
      read -r cl cc <<<"$result"
      c_lags+=("$cl")
      printf '%4s %4s | %7.2f s %6.1f calls/min | %7.2f s %6.1f calls/min | %.2f\n' "$s" "$cs" "$pl" "$pc" "$cl" "$cc" \
        "$(awk -v a="$pl" -v b="$cl" 'BEGIN{print (b > 0 ? a/b : 0)}')"
    else
      printf '%4s %4s | %7.2f s %6.1f calls/min | %-24s |\n' "$s" "$cs" "$pl" "$pc" "skipped (no aws)"
    fi
  done
done
stats() { printf '%s\n' "$@" | awk '{s += $1; if (NR == 1 || $1 > m) m = $1} END {printf "mean %.2f s, max %.2f s", s / NR, m}'; }
echo "pipeline deploy:        $(stats "${p_lags[@]}")"
if ((have_aws)); then
  echo "aws cloudformation deploy: $(stats "${c_lags[@]}")"
  echo "ratio of mean lags pipeline/aws CLI: $(printf '%s\n' "${p_lags[@]}" | awk '{s+=$1} END{print s}' | \
    awk -v c="$(printf '%s\n' "${c_lags[@]}" | awk '{s+=$1} END{print s}')" '{printf "%.2f\n", $1 / c}')"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
