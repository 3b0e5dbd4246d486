#!/usr/bin/env python3
"""Converts Forklift CRDs (kubev2v/forklift operator/config/crd/bases/*.yaml, Apache-2.0) into the standalone JSON
Schema files Sources/SwitchyardMigration/Schemas/forklift.konveyor.io/{kind}_{version}.json, the way kubeconform's
openapi2jsonschema.py (as used by datreeio/CRDs-catalog) does: the version's openAPIV3Schema, with
`additionalProperties: false` on every object below the root that lists `properties` and says nothing else, and
`format: int-or-string` replaced by string-or-integer. Free-text `description`s are dropped to keep the files small.

Usage: scripts/forklift-crd-to-jsonschema.py OUT_DIR CRD.yaml...
"""
import json
import os
import sys

import yaml


def strict(node, root=True):
    if isinstance(node, dict):
        if "properties" in node and not root and "additionalProperties" not in node \
                and not node.get("x-kubernetes-preserve-unknown-fields"):
            node["additionalProperties"] = False
        for value in node.values():
            strict(value, root=False)
    elif isinstance(node, list):
        for value in node:
            strict(value, root=False)
    return node


def clean(node):
    if isinstance(node, dict):
        if node.get("format") == "int-or-string":
            return {"oneOf": [{"type": "string"}, {"type": "integer"}]}
        return {k: clean(v) for k, v in node.items() if not (k == "description" and isinstance(v, str))}
    if isinstance(node, list):
        return [clean(v) for v in node]
    return node


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for path in sys.argv[2:]:
        with open(path) as f:
            crd = yaml.safe_load(f)
        kind = crd["spec"]["names"]["kind"].lower()
        for version in crd["spec"]["versions"]:
            schema = strict(clean(version["schema"]["openAPIV3Schema"]))
            name = os.path.join(out, f"{kind}_{version['name']}.json")
            with open(name, "w") as f:
                json.dump(schema, f, indent=1, sort_keys=True)
                f.write("\n")
            print(name, os.path.getsize(name))


if __name__ == "__main__":
    main()
