#!/usr/bin/env bash
# Refreshes pipeline/src/main/resources/dev/userapi/pipeline/execrole/resource-permissions.json from
# the CloudFormation registry: for each resource type, `aws cloudformation describe-type` returns the
# schema CloudFormation itself runs, and its handlers.<create|read|update|delete|list>.permissions are
# what the type's handlers call. The execution role's policy is derived from that table
# (`pipeline policy exec-role`), so after a refresh run `pipeline policy exec-role --write` and review
# the diff of cloudformation/bootstrap/target-account.yaml.
#
# Usage: scripts/refresh-resource-permissions.sh [TYPE ...]
#   no TYPE: every type already in the table; TYPE: add or refresh just those (e.g. AWS::SQS::Queue).
# Needs: aws CLI v2 with credentials of any account (DescribeType reads public registry data), python3.
# AWS_REGION picks the registry region (the schemas are the same in every commercial region).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# RESOURCE_PERMISSIONS_TABLE: another table to update (the tests use a copy).
table=${RESOURCE_PERMISSIONS_TABLE:-"$here/pipeline/src/main/resources/dev/userapi/pipeline/execrole/resource-permissions.json"}
region=${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}

if [ $# -eq 0 ]; then
  mapfile -t types < <(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["types"]))' "$table")
else
  types=("$@")
fi

schemas=$(mktemp -d)
trap 'rm -rf "$schemas"' EXIT
for type in "${types[@]}"; do
  case "$type" in
    AWS::*::*) ;;
    *) echo "refresh-resource-permissions: '$type' is not a resource type name (AWS::Service::Resource)" >&2; exit 2 ;;
  esac
  echo "describe-type $type ($region)" >&2
  aws cloudformation describe-type --region "$region" --type RESOURCE --type-name "$type" \
      --query Schema --output text > "$schemas/$(echo "$type" | tr ':' '_').json"
done

python3 - "$table" "$schemas" "$region" <<'PY'
import datetime, json, os, sys
table_path, schemas, region = sys.argv[1], sys.argv[2], sys.argv[3]
with open(table_path) as f:
    table = json.load(f)
today = datetime.date.today().isoformat()
for name in sorted(os.listdir(schemas)):
    with open(os.path.join(schemas, name)) as f:
        schema = json.load(f)
    type_name = schema["typeName"]
    handlers = schema.get("handlers")
    if not handlers:
        # A legacy type without a registry schema lists no permissions; keeping an empty entry
        # would make the derivation grant nothing for it, so refuse instead.
        sys.exit(f"refresh-resource-permissions: {type_name} publishes no handlers in DescribeType; its permissions cannot be derived")
    table["types"][type_name] = {
        "source": f"aws cloudformation describe-type --type RESOURCE --type-name {type_name} --region {region}",
        "retrieved": today,
        "handlers": {h: handlers[h].get("permissions", []) for h in ("create", "read", "update", "delete", "list") if h in handlers},
    }
table["types"] = dict(sorted(table["types"].items()))
with open(table_path, "w") as f:
    json.dump(table, f, indent=2)
    f.write("\n")
PY
echo "updated $table; now run: bin/pipeline policy exec-role --write" >&2
