#!/usr/bin/env python3
"""Regenerates pipeline/src/main/resources/dev/userapi/pipeline/policy/iam-actions.txt.

The catalogue lists every IAM action of the Service Authorization Reference and marks those that
support no resource-level permissions (their policy statements can only say Resource "*").
`pipeline validate` uses it to tell a lazy `Resource: "*"` from a necessary one, and to expand
wildcard actions such as `logs:Describe*`.

The source is the Policies.json snapshot that cfn-lint ships (derived from the same reference):
    pip install cfn-lint && python3 pipeline/tools/iam-actions-catalogue.py
"""
import importlib.util
import json
import pathlib
import sys

spec = importlib.util.find_spec("cfnlint")
if spec is None or not spec.submodule_search_locations:
    sys.exit("cfn-lint is not installed: pip install cfn-lint")
package = pathlib.Path(list(spec.submodule_search_locations)[0])
source = package / "data" / "AdditionalSpecs" / "Policies.json"
version = "unknown"
for dist in package.parent.glob("cfn_lint-*.dist-info"):
    version = dist.name[len("cfn_lint-"):-len(".dist-info")]

policies = json.loads(source.read_text())
lines = []
for service in sorted(policies):
    for action, details in sorted(policies[service]["Actions"].items()):
        lines.append(f"{service}:{action}" + ("" if details.get("Resources") else " *"))

target = pathlib.Path(__file__).resolve().parent.parent / "src/main/resources/dev/userapi/pipeline/policy/iam-actions.txt"
header = [
    "# IAM actions of the AWS Service Authorization Reference, lower case (IAM matches actions case-insensitively).",
    "# A trailing ' *' marks an action without resource-level permissions: a statement granting it can only say Resource \"*\".",
    f"# Source: cfn-lint {version} data/AdditionalSpecs/Policies.json; regenerate with pipeline/tools/iam-actions-catalogue.py.",
]
target.write_text("\n".join(header + lines) + "\n")
print(f"{target}: {len(lines)} actions, {sum(l.endswith(' *') for l in lines)} without resource-level permissions")
