"""Turns bench/gateway/run's measurements into a table and one JSON line (the last line printed).

Added latency = gateway p50 (p99) − direct-to-upstream p50 (p99) at the same concurrency and cache mode.
"""
import json
import os
import sys


def load(out, name):
    path = os.path.join(out, name + ".json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def rss_summary(run):
    if not run:
        return None
    samples = run.get("rss", [])
    kb = [s["rss_kb"] for s in samples]
    if not kb:
        return None
    # "flat": the last three samples (after the first quarter, once warm) within 10 % of each other
    tail = kb[1:] if len(kb) > 2 else kb
    flat = max(tail) <= 1.10 * min(tail)
    return {
        "requests": run["requests"],
        "samples": [{"requests": s["requests"], "rss_mb": round(s["rss_kb"] / 1024, 1)} for s in samples],
        "growth_after_first_quarter_mb": round((tail[-1] - tail[0]) / 1024, 1),
        "flat": flat,
        "errors": run["errors"],
        "rps": round(run["rps"], 1),
    }


def main():
    out = sys.argv[1]
    meta = {}
    if "--meta" in sys.argv:
        for item in sys.argv[sys.argv.index("--meta") + 1:]:
            key, _, value = item.partition("=")
            meta[key] = value
    figures = {}
    rows = []
    for mode in ("miss", "hit"):
        for c in (1, 50):
            direct = load(out, f"direct-{mode}-{c}")
            if direct is None:
                continue
            figures[f"direct_{mode}_c{c}"] = {
                "p50_ms": round(direct["p50_ms"], 3), "p99_ms": round(direct["p99_ms"], 3),
                "rps": round(direct["rps"], 1), "errors": direct["errors"],
            }
            for gateway in ("switchyard", "litellm"):
                run = load(out, f"{gateway}-{mode}-{c}")
                if run is None:
                    continue
                entry = {
                    "p50_ms": round(run["p50_ms"], 3), "p99_ms": round(run["p99_ms"], 3),
                    "added_p50_ms": round(run["p50_ms"] - direct["p50_ms"], 3),
                    "added_p99_ms": round(run["p99_ms"] - direct["p99_ms"], 3),
                    "rps": round(run["rps"], 1), "errors": run["errors"], "requests": run["requests"],
                }
                if "overhead_header_p50_ms" in run:
                    entry["own_overhead_header_p50_ms"] = round(run["overhead_header_p50_ms"], 3)
                figures[f"{gateway}_{mode}_c{c}"] = entry
                rows.append((gateway, mode, c, direct, entry))

    print(f"{'gateway':<11} {'cache':<5} {'conc':>4} {'direct p50':>10} {'p50':>9} {'added p50':>10} "
          f"{'p99':>9} {'added p99':>10} {'rps':>8} {'errors':>6}  (ms)")
    for gateway, mode, c, direct, e in rows:
        print(f"{gateway:<11} {mode:<5} {c:>4} {direct['p50_ms']:>10.3f} {e['p50_ms']:>9.3f} "
              f"{e['added_p50_ms']:>10.3f} {e['p99_ms']:>9.3f} {e['added_p99_ms']:>10.3f} {e['rps']:>8.1f} "
              f"{e['errors']:>6}")

    memory = {}
    for gateway in ("switchyard", "litellm"):
        summary = rss_summary(load(out, f"{gateway}-rss"))
        if summary:
            memory[gateway] = summary
            samples = ", ".join(f"{s['requests']}: {s['rss_mb']} MB" for s in summary["samples"])
            print(f"{gateway} RSS over {summary['requests']} uncached requests: {samples} "
                  f"({'flat' if summary['flat'] else 'NOT flat'})")

    sy = figures.get("switchyard_miss_c50", {}).get("added_p50_ms")
    ll = figures.get("litellm_miss_c50", {}).get("added_p50_ms")
    ratio = None
    if sy is not None and ll is not None:
        # a gateway cannot add less than nothing: below 0.01 ms the measurement is noise, so floor it there
        ratio = round(ll / max(sy, 0.01), 1)
    result = {"bench": "gateway", "ratio": ratio, "ratio_definition":
              "LiteLLM added p50 / Switchyard added p50, cache miss, 50 concurrent",
              "figures": figures, "memory": memory, "meta": meta}
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()
