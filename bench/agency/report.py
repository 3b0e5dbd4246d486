"""bench/agency's report: a table of both sides, the checks that they did the same work, and as the LAST line one
JSON object with every figure and `ratio` = LangGraph's wall time over Switchyard's."""
import argparse
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import workflow_source  # noqa: E402


def percentile(values, p):
    """Nearest rank: with 16 runs, p99 is the slowest run."""
    s = sorted(values)
    return s[max(0, min(len(s) - 1, math.ceil(p / 100 * len(s)) - 1))] if s else None


def calls_of(run, side):
    """[(node, prompt_tokens, completion_tokens)] per node total (Switchyard's metrics artifact is per node)."""
    totals = {}
    if side == "switchyard":
        for row in run.get("metrics") or []:
            if row.get("model_calls"):
                totals[row["node"]] = (row["model_calls"], row["prompt_tokens"], row["completion_tokens"])
    else:
        for call in run.get("calls") or []:
            n, p, c = totals.get(call["node"], (0, 0, 0))
            totals[call["node"]] = (n + 1, p + call["prompt_tokens"], c + call["completion_tokens"])
    return totals


def summary(data, side):
    runs = data["runs"]
    seconds = [r["seconds"] for r in runs if r.get("status") == "succeeded"]
    per_node = {}
    for r in runs:
        for node, (n, p, c) in calls_of(r, side).items():
            a = per_node.setdefault(node, [0, 0, 0])
            a[0], a[1], a[2] = a[0] + n, a[1] + p, a[2] + c
    return {
        "runs": len(runs),
        "succeeded": sum(1 for r in runs if r.get("status") == "succeeded"),
        "failed": [f"{r['tenant']}: {r.get('error')}" for r in runs if r.get("status") != "succeeded"],
        "wall_s": round(data["wall_seconds"], 2),
        "run_p50_s": round(percentile(seconds, 50), 2) if seconds else None,
        "run_p99_s": round(percentile(seconds, 99), 2) if seconds else None,
        "model_calls": sum(v[0] for v in per_node.values()),
        "prompt_tokens": sum(v[1] for v in per_node.values()),
        "completion_tokens": sum(v[2] for v in per_node.values()),
        "by_node": {k: {"calls": v[0], "prompt_tokens": v[1], "completion_tokens": v[2]}
                    for k, v in sorted(per_node.items())},
        "revisions": sum(max(0, len(r.get("reviews") or []) - 1) for r in runs),
        "escalated": sum(1 for r in runs if r.get("escalated")),
        "approvals": sum(r.get("approvals", 0) for r in runs),
        "completion_tokens_per_s": round(sum(v[2] for v in per_node.values()) / data["wall_seconds"], 1),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--meta", required=True)
    parser.add_argument("--switchyard", required=True)
    parser.add_argument("--langgraph", required=True)
    args = parser.parse_args()
    meta = json.load(open(args.meta))
    sy, lg = json.load(open(args.switchyard)), json.load(open(args.langgraph))
    s, l = summary(sy, "switchyard"), summary(lg, "langgraph")

    # Did both sides do the same work? Runs pair up by tenant and request.
    workflow, prompts, digest, _ = workflow_source.load()
    by_key = {(r["tenant"], r["request"]): r for r in lg["runs"]}
    pairs = [(a, by_key.get((a["tenant"], a.get("request")))) for a in sy["runs"]]
    pairs = [(a, b) for a, b in pairs if b is not None]
    classify_prompt_equal = sum(
        1 for a, b in pairs
        if calls_of(a, "switchyard").get("classify", (0, -1))[1] == calls_of(b, "langgraph").get("classify", (0, -2))[1])
    compose = workflow["nodes"]["compose"]["set"]["deliverable"]
    from langgraph_agency import render  # noqa: E402  (pystache without escaping, as the anchor renders)
    composed_equal = sum(1 for a, _ in pairs if a.get("draft") and render(compose, {"draft": a["draft"]})
                         == a.get("deliverable"))
    checks = {
        "workflow_hash_equal": all(r.get("workflow_hash") == digest for r in sy["runs"]) and lg["workflow_hash"] == digest,
        "pairs": len(pairs),
        "classify_prompt_tokens_equal": classify_prompt_equal,
        "compose_rendered_equal": composed_equal,
        "same_category": sum(1 for a, b in pairs if a.get("category") == b.get("category")),
        "same_sources": sum(1 for a, b in pairs if a.get("sources") == b.get("sources")),
        "same_final_draft": sum(1 for a, b in pairs if a.get("draft") == b.get("draft")),
        "same_deliverable": sum(1 for a, b in pairs if a.get("deliverable") == b.get("deliverable")),
        "max_tokens": {n: workflow["nodes"][n].get("max_tokens", 256) for n in ("classify", "draft", "review")},
        "decoding": "greedy (temperature 0) on both; JSON Schema constrained on both",
    }

    load_max = meta["load_max"]
    headline = load_max <= 2 and not meta["quick"]
    ratio = round(lg["wall_seconds"] / sy["wall_seconds"], 2)

    print()
    print(f"bench/agency{' --quick' if meta['quick'] else ''}: {s['runs']} runs, commit {meta['commit']}, "
          f"{meta['cores']} cores ({meta['cpu']}), serve --workers {meta['workers']}, {meta['threads']} threads")
    print(f"  uptime at start: {meta['uptime_start']}")
    print(f"  uptime at end:   {meta['uptime_end']}")
    mark = "" if headline else f"   <- LOADED (load max {load_max:.2f} > 2): not a headline" if load_max > 2 else ""
    print(f"{'':28}{'Switchyard':>14}{'LangGraph':>14}")
    for label, key in [("wall time, all runs (s)", "wall_s"), ("per run p50 (s)", "run_p50_s"),
                       ("per run p99 (s)", "run_p99_s"), ("succeeded", "succeeded"), ("model calls", "model_calls"),
                       ("prompt tokens", "prompt_tokens"), ("tokens generated", "completion_tokens"),
                       ("tokens generated / s", "completion_tokens_per_s"), ("critic revisions", "revisions"),
                       ("escalated to approval", "escalated"), ("approvals", "approvals")]:
        print(f"  {label:26}{s[key]!s:>14}{l[key]!s:>14}")
    for node in sorted(set(s["by_node"]) | set(l["by_node"])):
        a, b = s["by_node"].get(node, {}), l["by_node"].get(node, {})
        print(f"  {node + ' calls/prompt/gen':26}{'/'.join(str(a.get(k, 0)) for k in ('calls', 'prompt_tokens', 'completion_tokens')):>14}"
              f"{'/'.join(str(b.get(k, 0)) for k in ('calls', 'prompt_tokens', 'completion_tokens')):>14}")
    print(f"  ratio (LangGraph wall / Switchyard wall): {ratio}{mark}")
    print(f"  same work: {json.dumps(checks)}")
    for side, summ in (("switchyard", s), ("langgraph", l)):
        for failure in summ["failed"]:
            print(f"  {side} run not succeeded: {failure}")
    s.pop("failed") if not s["failed"] else None
    l.pop("failed") if not l["failed"] else None
    print(json.dumps({
        "bench": "agency", "quick": meta["quick"], "ratio": ratio, "target": 3, "headline": headline,
        "switchyard": s, "langgraph": l, "checks": checks,
        "langgraph_versions": lg.get("versions"), "llm_instances_langgraph": lg.get("llm_instances"),
        "load_start": meta["load_start"], "load_end": meta["load_end"], "load_max": load_max,
        "uptime_start": meta["uptime_start"], "uptime_end": meta["uptime_end"], "cores": meta["cores"],
        "cpu": meta["cpu"], "commit": meta["commit"], "workers": meta["workers"], "threads": meta["threads"],
        "order": meta["order"],
    }))


if __name__ == "__main__":
    main()
