# Sourced by the benchmarks that deploy to moto_server: a server of their own and a project as a user
# has it.
#
#   . bench/moto-app.sh
#   start_moto "$work"      # moto_server on a free port of 127.0.0.1: sets moto (its URL) and moto_pid;
#                           # exports dummy credentials, us-east-1 and the actor variables
#   make_app "$work/app"    # accounts.yaml (one environment, dev), the templates, a functions artifact
#
# The caller kills "$moto_pid" when it is done (its EXIT trap).

start_moto() {
  local work=$1 port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
  moto_pid=$!
  moto=http://127.0.0.1:$port
  for _ in $(seq 100); do curl -s -o /dev/null "$moto/moto-api/" && break; sleep 0.1; done
  export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
  export AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1 USER=alice GITHUB_SHA=0123456789abcdef0123456789abcdef01234567
  unset AWS_PROFILE AWS_SESSION_TOKEN
}

make_app() {
  local app=$1
  mkdir -p "$app/functions/target"
  cp -r "$root/cloudformation" "$app/"
  cat >"$app/accounts.yaml" <<'EOF'
app: user-api
tooling: { account: "123456789012", region: us-east-1, ciRole: user-api-ci }
environments:
  dev:
    account: "123456789012"
    region: us-east-1
    trustedPrincipals: ["arn:aws:iam::123456789012:user/alice"]
EOF
  head -c 4096 /dev/urandom >"$app/functions/target/user-api-functions.jar"
}
