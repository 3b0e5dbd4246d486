"""Reads the JSON lines of both engines (stdin), prints a table and ends with one JSON line: `ratio` = Switchyard's
batch-engine aggregate tokens/s over llama.cpp's at RATIO_STREAMS (8) streams, plus every figure and the load."""
import json
import os
import sys

rows = [json.loads(line) for line in sys.stdin if line.startswith("{")]
load_before, load_after = float(os.environ["LOAD_BEFORE"]), float(os.environ["LOAD_AFTER"])
at = int(os.environ.get("RATIO_STREAMS", "8"))
print(f"{'engine':<22}{'streams':>8}{'tok/s':>10}{'TTFT p50 ms':>13}{'TTFT p99 ms':>13}{'wall s':>9}")
for r in rows:
    print(f"{r['engine']:<22}{r['streams']:>8}{r['tokens_per_s']:>10.1f}{r['ttft_p50_ms']:>13.0f}"
          f"{r['ttft_p99_ms']:>13.0f}{r['wall_s']:>9.2f}")


def pick(engine, n):
    return next((r for r in rows if r["engine"] == engine and r["streams"] == n), None)


ours, theirs, sessions = pick("switchyard-batch", at), pick("llama.cpp-batched", at), pick("switchyard-sessions", at)
headline = max(load_before, load_after) <= 2
if not headline:
    print(f"NOTE: load average {load_before:.2f} before / {load_after:.2f} after (> 2): not a headline figure")
summary = {
    "bench": "serving",
    "ratio": (ours["tokens_per_s"] / theirs["tokens_per_s"]) if ours and theirs else None,
    "ratio_streams": at,
    "vs_sessions": (ours["tokens_per_s"] / sessions["tokens_per_s"]) if ours and sessions else None,
    "ttft_p99_ratio": (ours["ttft_p99_ms"] / theirs["ttft_p99_ms"]) if ours and theirs else None,
    "load_before": load_before, "load_after": load_after, "headline": headline,
    "rows": rows,
}
print(json.dumps(summary))
