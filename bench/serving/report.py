"""Reads the JSON lines of bench/serving's driver (stdin), prints a table and ends with one JSON line: `ratio` =
`switchyard serve`'s aggregate tokens/s over `llama-server`'s at RATIO_STREAMS (8) streams, `ttft_p99_ratio` = ours
over theirs at the same count (≤ 1 is no worse), every row, whether every answer had the asked token counts, and the
load. A run whose load average was above 2 before or after is marked `"headline": false`."""
import json
import os
import sys

lines = [json.loads(line) for line in sys.stdin if line.startswith("{")]
rows = [r for r in lines if "engine" in r]
agreement = [r for r in lines if r.get("agreement")]
load_before, load_after = float(os.environ["LOAD_BEFORE"]), float(os.environ["LOAD_AFTER"])
at = int(os.environ.get("RATIO_STREAMS", "8"))
print(f"{'engine':<14}{'streams':>8}{'tok/s':>10}{'TTFT p50 ms':>13}{'TTFT p99 ms':>13}{'wall s':>9}  tokens ok")
for r in rows:
    print(f"{r['engine']:<14}{r['streams']:>8}{r['tokens_per_s']:>10.1f}{r['ttft_p50_ms']:>13.0f}"
          f"{r['ttft_p99_ms']:>13.0f}{r['wall_s']:>9.2f}  {r['checked']}")
for a in agreement:
    print(f"same greedy text at {a['streams']} streams: {a['same_text']}/{a['of']}")


def pick(engine, n):
    return next((r for r in rows if r["engine"] == engine and r["streams"] == n), None)


ours, theirs = pick("switchyard", at), pick("llama-server", at)
headline = max(load_before, load_after) <= 2
if not headline:
    print(f"NOTE: load average {load_before:.2f} before / {load_after:.2f} after (> 2): loaded, not a headline figure")
summary = {
    "bench": "serving",
    "ratio": round(ours["tokens_per_s"] / theirs["tokens_per_s"], 3) if ours and theirs else None,
    "ratio_streams": at,
    "ttft_p99_ratio": round(ours["ttft_p99_ms"] / theirs["ttft_p99_ms"], 3) if ours and theirs else None,
    "tokens_checked": all(r["checked"] for r in rows),
    "load_before": load_before, "load_after": load_after, "headline": headline,
    "rows": rows, "agreement": agreement,
}
print(json.dumps(summary))
