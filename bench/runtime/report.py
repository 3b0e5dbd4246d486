#!/usr/bin/env python3
"""Combines the two sides of bench/runtime (SwitchyardRuntimeBench's JSON and langgraph_bench.py's JSON) into a
table on stderr and, as the last line on stdout, one JSON object with every figure, the ratios, `ratio` and the
load average.

Throughput ratios are Switchyard ÷ LangGraph runs/s at equal concurrency (workers = asyncio tasks): above 1 means
Switchyard is faster. `ratio` is the 4-worker row, Switchyard's runs/s counting its durable submits
(`runs_per_s_with_submit`); `ratio_drain` leaves the submits out.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys


def load(path: str) -> dict:
    with open(path) as f:
        return json.loads(f.read().strip().splitlines()[-1])


def ratio(ours: float | None, theirs: float | None) -> float | None:
    if ours is None or not theirs:
        return None
    return round(ours / theirs, 2)


def merged_throughput(rounds: list[dict], fields: list[str]) -> dict:
    """The last round's rows, each field in `fields` replaced by the median over rounds (per-round values kept)."""
    out = json.loads(json.dumps(rounds[-1]["throughput"]))
    for level, row in out.items():
        for field in fields:
            values = [r["throughput"][level][field] for r in rounds if level in r.get("throughput", {})]
            row[field] = round(statistics.median(values), 1)
            row[f"round_{field}"] = values
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--meta", required=True)
    p.add_argument("--switchyard", nargs="+", required=True)
    p.add_argument("--langgraph", nargs="+", required=True)
    p.add_argument("--queue", required=True)
    p.add_argument("--normal", nargs=2, metavar=("SWITCHYARD", "LANGGRAPH"), help="the synchronous=NORMAL pair")
    p.add_argument("--async", dest="async_pair", nargs=2, metavar=("SWITCHYARD", "LANGGRAPH"), help="the durability async pair")
    args = p.parse_args()

    meta = load(args.meta)
    sy_rounds = [load(f) for f in args.switchyard]
    lg_rounds = [load(f) for f in args.langgraph]
    queue = load(args.queue)
    sy = merged_throughput(sy_rounds, ["runs_per_s", "runs_per_s_with_submit", "submits_per_s"])
    lg = merged_throughput(lg_rounds, ["runs_per_s"])
    fsync = [r["fsync"] for r in sy_rounds if "fsync" in r]

    ratios = {}
    for level in sorted(set(sy) & set(lg), key=int):
        ratios[level] = {
            "with_submit": ratio(sy[level]["runs_per_s_with_submit"], lg[level]["runs_per_s"]),
            "drain": ratio(sy[level]["runs_per_s"], lg[level]["runs_per_s"]),
        }
    head = ratios.get("4", {})
    load_start = float(meta["load_start"].split()[0])
    load_max = float(meta.get("load_max") or load_start)
    headline = load_max <= 2 and not meta.get("quick")
    warning = None
    if load_max > 2:
        warning = f"load average reached {load_max} (> 2) during the run: these figures are not a headline"
    elif meta.get("quick"):
        warning = "--quick smoke run: not a headline"

    def pair(files):
        """A context row: the 4-worker figures of one Switchyard file and one LangGraph file, with their ratios."""
        if not files:
            return None
        sy_p, lg_p = (load(f)["throughput"]["4"] for f in files)
        return {
            "switchyard": sy_p,
            "langgraph": lg_p,
            "ratio": ratio(sy_p["runs_per_s_with_submit"], lg_p["runs_per_s"]),
            "ratio_drain": ratio(sy_p["runs_per_s"], lg_p["runs_per_s"]),
        }

    normal = pair(args.normal)
    async_row = pair(args.async_pair)
    latency = queue.get("latency", {})
    fairness = queue.get("fairness", {})

    def cell(v, unit=""):
        return "–" if v is None else f"{v:,}{unit}"

    lines = [
        "",
        f"bench/runtime — chain of 6 transform nodes, checkpoint every step, SQLite synchronous=FULL on both sides",
        f"load {meta['load_start']} → {meta['load_end']} (max {meta['load_max']}), {meta['cores']} cores, "
        f"{meta.get('cpu') or '?'}, commit {meta['commit']}, {meta['rounds']} round(s)",
        "",
        "| workers / tasks | Switchyard runs/s (with submits) | Switchyard runs/s (drain) | LangGraph runs/s "
        "| ratio (with submits / drain) |",
        "|---:|---:|---:|---:|---:|",
    ]
    for level, r in ratios.items():
        lines.append(
            f"| {level} | {cell(sy[level]['runs_per_s_with_submit'])} | {cell(sy[level]['runs_per_s'])} | "
            f"{cell(lg[level]['runs_per_s'])} | {cell(r['with_submit'], '×')} / {cell(r['drain'], '×')} |"
        )
    if normal:
        lines.append(
            f"| 4, synchronous=NORMAL (context) | {cell(normal['switchyard']['runs_per_s_with_submit'])} | "
            f"{cell(normal['switchyard']['runs_per_s'])} | {cell(normal['langgraph']['runs_per_s'])} | "
            f"{cell(normal['ratio'], '×')} / {cell(normal['ratio_drain'], '×')} |"
        )
    if async_row:
        lines.append(
            f"| 4, durability async on both (LangGraph's default) | "
            f"{cell(async_row['switchyard']['runs_per_s_with_submit'])} | {cell(async_row['switchyard']['runs_per_s'])} | "
            f"{cell(async_row['langgraph']['runs_per_s'])} | {cell(async_row['ratio'], '×')} / "
            f"{cell(async_row['ratio_drain'], '×')} |"
        )
    lines += ["", "| enqueue→start (paced, below capacity) | p50 | p99 | idle poll |", "|---|---:|---:|---:|"]
    for key, row in latency.items():
        e = row["enqueue_to_start"]
        lines.append(f"| {key} worker(s) | {e['p50_ms']} ms | {e['p99_ms']} ms | {row['poll_ms']} ms |")
    if fairness:
        waits = ", ".join(f"{r['single_wait_ms']} ms" for r in fairness["reps"])
        lines += [
            "",
            f"fairness: single run of tenant B behind {fairness['flood']} queued runs of tenant A, "
            f"{fairness['workers']} workers: wait p50 {fairness['single_wait_ms_p50']} ms ({waits}); "
            f"the flood drained at {fairness['flood_runs_per_s']} runs/s (a first-come queue would have made it wait "
            f"~{fairness.get('fifo_wait_estimate_ms')} ms)",
        ]
    if fsync:
        lines.append(f"fsync of 4 KiB on this disk: p50 {fsync[0]['p50_ms']} ms, p99 {fsync[0]['p99_ms']} ms")
    if warning:
        lines.append(f"WARNING: {warning}")
    print("\n".join(lines), file=sys.stderr)

    print(
        json.dumps(
            {
                "bench": "runtime",
                "ratio": head.get("with_submit"),
                "ratio_drain": head.get("drain"),
                "ratios": ratios,
                "normal": normal,
                "async": async_row,
                "headline": headline,
                "warning": warning,
                "switchyard": {"throughput": sy, "latency": latency, "fairness": fairness, "fsync": fsync},
                "langgraph": {"throughput": lg, "versions": lg_rounds[-1].get("versions")},
                **{k: meta[k] for k in meta},
            }
        )
    )


if __name__ == "__main__":
    main()
