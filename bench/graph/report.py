#!/usr/bin/env python3
"""Combines the two sides of bench/graph (SwitchyardBench's JSON and langgraph_bench.py's JSON) into a table and,
as the last line, one JSON object with every figure, the ratios and `ratio` (the headline).

Every ratio is LangGraph ÷ Switchyard (time or bytes): above 1 means Switchyard is faster or smaller.
"""

from __future__ import annotations

import json
import sys


def load(path: str) -> dict:
    with open(path) as f:
        text = f.read().strip().splitlines()
    return json.loads(text[-1])


def ratio(lg: float | None, sy: float | None) -> float | None:
    if lg is None or sy is None or sy == 0:
        return None
    return round(lg / sy, 2)


def fmt_us(v: float | None) -> str:
    if v is None:
        return "–"
    if v >= 10_000:
        return f"{v / 1000:,.1f} ms"
    if v >= 1000:
        return f"{v / 1000:,.2f} ms"
    return f"{v:,.1f} µs"


def fmt_bytes(v: int | None) -> str:
    if v is None:
        return "–"
    if v >= 1_000_000:
        return f"{v / 1_000_000:,.2f} MB"
    if v >= 1000:
        return f"{v / 1000:,.1f} KB"
    return f"{v} B"


def fmt_ratio(r: float | None) -> str:
    return "–" if r is None else f"{r:,.2f}×"


def merge(rounds: list[dict]) -> dict:
    """One side's rounds as one result: each timing is the median of its per-round values (the per-round
    medians are kept under `round_medians_us`); the chat and the store calls come from the round that has them."""
    import copy
    import statistics

    out = copy.deepcopy(rounds[-1])
    for group in ("seq", "fanout"):
        for kind in out.get(group, {}):
            for part, summary in out[group][kind].items():
                per_round = [r[group][kind][part] for r in rounds if kind in r.get(group, {})]
                if not isinstance(summary, dict):
                    # a scalar (commits per invoke, transactions per commit): the median of the rounds
                    out[group][kind][part] = round(statistics.median(per_round), 2)
                    continue
                for field in ("median_us", "p10_us", "p90_us", "mean_us"):
                    summary[field] = round(statistics.median(s[field] for s in per_round), 2)
                summary["iterations"] = sum(s["iterations"] for s in per_round)
                summary["round_medians_us"] = [s["median_us"] for s in per_round]
    for r in rounds:
        if "chat" in r:
            out["chat"] = r["chat"]
    per_level: dict = {}
    for r in rounds:
        for level, v in r.get("concurrent", {}).items():
            per_level.setdefault(level, []).append(v["steps_per_s"])
    for level, values in per_level.items():
        out["concurrent"][level]["steps_per_s"] = statistics.median(values)
        out["concurrent"][level]["round_steps_per_s"] = values
    fsyncs = [r["fsync"] for r in rounds if "fsync" in r]
    if fsyncs:
        for field in ("median_us", "p10_us", "p90_us", "mean_us"):
            out["fsync"][field] = round(statistics.median(f[field] for f in fsyncs), 2)
        out["fsync"]["round_medians_us"] = [f["median_us"] for f in fsyncs]
        out["fsync"]["round_means_us"] = [f["mean_us"] for f in fsyncs]
    return out


def main() -> None:
    import argparse

    p = argparse.ArgumentParser()
    p.add_argument("--meta", required=True)
    p.add_argument("--switchyard", nargs="+", required=True)
    p.add_argument("--langgraph", nargs="+", required=True)
    args = p.parse_args()
    sy = merge([load(f) for f in args.switchyard])
    lg = merge([load(f) for f in args.langgraph])
    meta = load(args.meta)

    def step(side: dict, kind: str, field: str = "median_us") -> float | None:
        v = side["seq"].get(kind)
        return v["per_step"][field] if v else None

    def fan(side: dict, kind: str, field: str = "median_us") -> float | None:
        v = side["fanout"].get(kind)
        return v["per_invoke"][field] if v else None

    # p10 of the same rows: the least-disturbed runs, steadier than medians on a shared machine
    p10 = {
        "seq_step_no_checkpointer": (step(lg, "none", "p10_us"), step(sy, "none", "p10_us")),
        "seq_step_in_memory_sync": (step(lg, "memory-sync", "p10_us"), step(sy, "memory", "p10_us")),
        "seq_step_sqlite_sync": (step(lg, "sqlite-sync", "p10_us"), step(sy, "sqlite", "p10_us")),
        "seq_step_sqlite_async": (step(lg, "sqlite-async", "p10_us"), step(sy, "sqlite-async", "p10_us")),
        "seq_step_sqlite_full": (step(lg, "sqlite-sync-full", "p10_us"), step(sy, "sqlite-full", "p10_us")),
        "seq_step_sqlite_full_async": (step(lg, "sqlite-async-full", "p10_us"), step(sy, "sqlite-full-async", "p10_us")),
        "fanout_invoke_no_checkpointer": (fan(lg, "none", "p10_us"), fan(sy, "none", "p10_us")),
        "fanout_invoke_sqlite_sync": (fan(lg, "sqlite-sync", "p10_us"), fan(sy, "sqlite", "p10_us")),
        "fanout_invoke_sqlite_async": (fan(lg, "sqlite-async", "p10_us"), fan(sy, "sqlite-async", "p10_us")),
    }

    rows = []  # (key, label, lg, sy, unit)
    rows.append(("seq_step_no_checkpointer", "10-node seq, per node-step, no checkpointer ¹",
                 step(lg, "none"), step(sy, "none"), "us"))
    rows.append(("seq_step_in_memory_sync", "10-node seq, per node-step, in-memory checkpoints, sync",
                 step(lg, "memory-sync"), step(sy, "memory"), "us"))
    rows.append(("seq_step_sqlite_sync", "10-node seq, per node-step, SQLite NORMAL, sync",
                 step(lg, "sqlite-sync"), step(sy, "sqlite"), "us"))
    rows.append(("seq_step_sqlite_async", "10-node seq, per node-step, SQLite NORMAL, async ²",
                 step(lg, "sqlite-async"), step(sy, "sqlite-async"), "us"))
    rows.append(("seq_step_sqlite_full", "10-node seq, per node-step, SQLite FULL (fsync), sync ³ ★",
                 step(lg, "sqlite-sync-full"), step(sy, "sqlite-full"), "us"))
    rows.append(("seq_step_sqlite_full_async", "10-node seq, per node-step, SQLite FULL (fsync), async ²",
                 step(lg, "sqlite-async-full"), step(sy, "sqlite-full-async"), "us"))
    rows.append(("fanout_invoke_no_checkpointer", "5-way fan-out + join, per invoke, no checkpointer ¹",
                 fan(lg, "none"), fan(sy, "none"), "us"))
    rows.append(("fanout_invoke_sqlite_sync", "5-way fan-out + join, per invoke, SQLite NORMAL, sync",
                 fan(lg, "sqlite-sync"), fan(sy, "sqlite"), "us"))
    rows.append(("fanout_invoke_sqlite_async", "5-way fan-out + join, per invoke, SQLite NORMAL, async ²",
                 fan(lg, "sqlite-async"), fan(sy, "sqlite-async"), "us"))
    conc_l, conc_s = lg.get("concurrent", {}), sy.get("concurrent", {})
    for level in ("1", "10", "50"):
        if level in conc_l and level in conc_s:
            rows.append((f"concurrent_{level}_steps_per_s",
                         f"{level} concurrent runs, SQLite FULL, sync: node-steps/s (higher is better) ⁵",
                         conc_l[level]["steps_per_s"], conc_s[level]["steps_per_s"], "per_s"))

    lc, sc = lg["chat"], sy["chat"]
    turns = sc["turns"]
    rows.append(("chat_turn_median", f"chat, time per turn (median over {turns} turns), SQLite NORMAL, sync",
                 lc["turn_median_us"], sc["turn_median_us"], "us"))
    rows.append(("chat_turn_p90", "chat, time per turn (p90)", lc["turn_p90_us"], sc["turn_p90_us"], "us"))
    rows.append(("chat_total", f"chat, total time for {turns} turns", lc["total_s"] * 1e6, sc["total_s"] * 1e6, "us"))
    marks = sorted(set(lc["at"]) & set(sc["at"]), key=int)
    for m in marks:
        rows.append((f"chat_file_bytes_{m}", f"chat, SQLite file bytes after {m} turns ⁴",
                     lc["at"][m]["file_bytes"], sc["at"][m]["file_bytes"], "bytes"))
    rows.append(("chat_bytes_per_turn", f"chat, file bytes per turn (at {turns})",
                 lc["bytes_per_turn"], sc["bytes_per_turn"], "bytes"))

    figures = {}
    for key, label, a, b, unit in rows:
        # throughput: Switchyard ÷ LangGraph; times and bytes: LangGraph ÷ Switchyard. Above 1: Switchyard better.
        r = ratio(b, a) if unit == "per_s" else ratio(a, b)
        figures[key] = {"langgraph": a, "switchyard": b, "ratio": r, "unit": unit, "label": label}
        if key in p10:
            pa, pb = p10[key]
            figures[key].update({"langgraph_p10": pa, "switchyard_p10": pb, "ratio_p10": ratio(pa, pb)})

    def growth(side: dict) -> dict:
        at = side["chat"]["at"]
        out = {}
        if "250" in at and str(turns) in at and turns == 500:
            out["bytes_500_over_250"] = round(at["500"]["file_bytes"] / at["250"]["file_bytes"], 2)
        if "100" in at and str(turns) in at:
            out[f"bytes_{turns}_over_100"] = round(at[str(turns)]["file_bytes"] / at["100"]["file_bytes"], 2)
        out["verdict"] = None
        if "bytes_500_over_250" in out:
            # doubling the turns: ~2× for linear storage, ~4× for quadratic
            out["verdict"] = "linear" if out["bytes_500_over_250"] < 2.6 else "superlinear"
        return out

    # Headline: equal durability (fsync per commit on both, durability sync), which is also LangGraph's default
    # SqliteSaver connection; the smaller of the median and p10 ratios, since the machine is shared. Refused when
    # the load average went above the number of cores during the run, unless forced (GRAPH_BENCH_FORCE=1).
    full = figures["seq_step_sqlite_full"]
    candidates = [r for r in (full["ratio"], full.get("ratio_p10")) if r is not None]
    measured_ratio = min(candidates) if candidates else None
    cores = meta.get("cores") or 1
    load_max = meta.get("load_max")
    loaded = load_max is not None and load_max > cores
    forced = bool(meta.get("forced"))
    headline = measured_ratio if (not loaded or forced) else None
    sy_full, sy_norm = step(sy, "sqlite-full"), step(sy, "sqlite")
    # An invoke's 11 fsyncs add up, so what they cost it is 11 × the *mean* fsync; on a disk whose fsync times are
    # bimodal (fast, or a few ms when the host flushes), the median says less. Both are in the JSON.
    fsync = sy.get("fsync", {}).get("mean_us")
    fsync_median = sy.get("fsync", {}).get("median_us")
    # The same, for an overwrite of a step's WAL bytes (5 frames): what the FULL step's own fsync flushes.
    fsync_step = sy.get("fsync_step_bytes", {}).get("mean_us")
    # fsync every commit: at most one fsync per step, within 20 % of (one fsync + the NORMAL step)
    # (the fsync probe runs after each timed invoke of the fsync workloads, so it shares their seconds). A 10-node
    # invoke commits 11 checkpoints (the input's, then one per node-step) on both sides: 1.1 fsyncs per node-step
    # when each commit is one transaction; the strict figure compares with one fsync per node-step anyway.
    fsync_budget = None
    if sy_full is not None and sy_norm is not None and fsync is not None:
        full_seq = sy["seq"]["sqlite-full"]
        per_invoke = full_seq.get("commits_per_invoke")
        per_commit = full_seq.get("transactions_per_commit")
        fsyncs_per_step = round(per_invoke * per_commit / 10, 2) if per_invoke and per_commit else None
        fsync_budget = {
            "fsync_us": fsync, "fsync_median_us": fsync_median, "normal_step_us": sy_norm, "full_step_us": sy_full,
            "full_over_fsync_plus_normal": round(sy_full / (fsync + sy_norm), 2),
            "within_20_percent": sy_full <= 1.2 * (fsync + sy_norm),
            "commits_per_invoke": per_invoke, "transactions_per_commit": per_commit,
            "inline_per_transaction": full_seq.get("inline_per_transaction"),
            "fsyncs_per_node_step": fsyncs_per_step,
            "full_over_commit_fsyncs_plus_normal": (
                round(sy_full / (fsyncs_per_step * fsync + sy_norm), 2) if fsyncs_per_step else None),
            "fsync_step_bytes_us": fsync_step,
            "full_over_step_bytes_fsync_plus_normal": (
                round(sy_full / (fsync_step + sy_norm), 2) if fsync_step else None),
        }

    # ---- table ----
    out = sys.stdout
    print("", file=out)
    print("bench/graph — Switchyard vs LangGraph, same machine, same run", file=out)
    print(f"machine: {meta.get('cpu')}, {cores} cores; load avg (1 min) at start {meta.get('load_start')}, "
          f"at end {meta.get('load_end')}, highest seen {load_max}"
          + (" — LOADED (above the core count)" if loaded else ""), file=out)
    v = lg["versions"]
    print(f"LangGraph {v['langgraph']} (checkpoint {v['langgraph-checkpoint']}, checkpoint-sqlite "
          f"{v['langgraph-checkpoint-sqlite']}), Python {v['python']}, SQLite {v['sqlite']}; "
          f"Switchyard {meta.get('commit')}, {meta.get('swift')}", file=out)
    print("", file=out)
    w = max(len(r[1]) for r in rows)
    print(f"{'workload (medians; p10 ratio = least-disturbed runs)':<{w}}  {'LangGraph':>12}  {'Switchyard':>12}  "
          f"{'ratio':>9}  {'p10 ratio':>9}", file=out)
    print("-" * (w + 51), file=out)
    for key, label, a, b, unit in rows:
        f = {"us": fmt_us, "bytes": fmt_bytes, "per_s": lambda x: "–" if x is None else f"{x:,.0f}/s"}[unit]
        r10 = fmt_ratio(figures[key].get("ratio_p10")) if key in p10 else ""
        print(f"{label:<{w}}  {f(a):>12}  {f(b):>12}  {fmt_ratio(figures[key]['ratio']):>9}  {r10:>9}", file=out)
    print("", file=out)
    gl, gs = growth(lg), growth(sy)
    print(f"storage growth, bytes(500 turns) ÷ bytes(250 turns) (2 = linear, 4 = quadratic): "
          f"LangGraph {gl.get('bytes_500_over_250', '–')} ({gl['verdict']}), "
          f"Switchyard {gs.get('bytes_500_over_250', '–')} ({gs['verdict']})", file=out)
    print(f"Switchyard state bytes (snapshots + deltas, sum of storedBytes) at {turns} turns: "
          f"{fmt_bytes(sc['state_bytes'])}; LangGraph blob bytes (checkpoint + metadata + writes): "
          f"{fmt_bytes(lc['logical_bytes'])}", file=out)
    if fsync_budget:
        b = fsync_budget
        print(f"one fdatasync of a 4 KiB overwrite on this disk, probed between the FULL invokes: mean "
              f"{fmt_us(fsync)} (median {fmt_us(fsync_median)}); Switchyard FULL step {fmt_us(sy_full)} = "
              f"{b['full_over_fsync_plus_normal']}× (one mean fsync + NORMAL step {fmt_us(sy_norm)}); target ≤ 1.2×",
              file=out)
        inline = b.get("inline_per_transaction")
        print(f"  fsyncs: {b['transactions_per_commit']} transaction (one WAL fsync) per commit"
              + (f" ({inline:.0%} of them committed in the run's own thread, no hop to the writer)"
                 if inline is not None else "")
              + f", {b['commits_per_invoke']} commits per 10-node invoke (input + 10 steps, as LangGraph) = "
              f"{b['fsyncs_per_node_step']} per node-step; FULL step ÷ ({b['fsyncs_per_node_step']} fsync + NORMAL "
              f"step) = {b['full_over_commit_fsyncs_plus_normal']}×", file=out)
        if b.get("fsync_step_bytes_us"):
            print(f"  one fdatasync of a step's WAL bytes (5 frames, 20.6 KB overwrite), probed next to it: mean "
                  f"{fmt_us(b['fsync_step_bytes_us'])}; FULL step ÷ (that + NORMAL step) = "
                  f"{b['full_over_step_bytes_fsync_plus_normal']}× (what is left beyond the fsync of its bytes)",
                  file=out)
    if conc_s:
        print("Switchyard group commit (FULL): commits per transaction at 1 / 10 / 50 runs: "
              + " / ".join(str(conc_s[k].get("commits_per_transaction")) for k in ("1", "10", "50") if k in conc_s),
              file=out)
    calls = sy.get("store_calls")
    if calls:
        print("Switchyard SQLiteCheckpointer calls alone (median): "
              + ", ".join(f"{k} {fmt_us(calls[k]['median_us'])}" for k in ("commit", "pending", "thread")),
              "— each step commits once; pending is read only when a run resumes", file=out)
    print("", file=out)
    print("¹ LangGraph compiled without a checkpointer; Switchyard `compile(name:)` (no checkpointer: nothing "
          "encoded or stored).", file=out)
    print("² durability async on both: a step's checkpoint is written while the next step runs (LangGraph "
          "`durability=\"async\"`, Switchyard `RunOptions(durability: .async)`); both wait for it before "
          "returning.", file=out)
    print("³ fsync per commit on both: LangGraph on a default sqlite3 connection (synchronous=FULL); Switchyard "
          "`SQLiteCheckpointer(durableCommits: true)` (synchronous=FULL on its writer connection).", file=out)
    print("⁴ main file after folding the WAL in (LangGraph: wal_checkpoint(TRUNCATE); Switchyard: store closed "
          "and reopened).", file=out)
    print("⁵ LangGraph: one asyncio loop, AsyncSqliteSaver on its default connection (FULL), ainvoke with "
          "durability sync; Switchyard: Swift tasks on one SQLiteCheckpointer (FULL), group commit. Ratio = "
          "Switchyard ÷ LangGraph steps/s.", file=out)
    if headline is None and measured_ratio is not None:
        print(f"★ headline REFUSED: the load average reached {load_max} on {cores} cores during the run "
              f"(figures above are loaded figures); measured ratio {fmt_ratio(measured_ratio)}. Rerun on a quiet "
              "machine, or set GRAPH_BENCH_FORCE=1 to print it anyway.", file=out)
    else:
        print(f"★ headline ratio = LangGraph per-step time ÷ Switchyard's, SQLite with fsync every commit on both, "
              f"durability sync = {fmt_ratio(headline)} (smaller of median and p10 ratios)"
              + (" — FORCED on a loaded machine" if loaded else ""), file=out)
    print("", file=out)

    result = {
        "bench": "graph",
        "ratio": headline,
        "ratio_measured": measured_ratio,
        "headline_refused": headline is None and measured_ratio is not None,
        "ratio_definition": "LangGraph per-step time (10-node sequential graph, SqliteSaver on a default sqlite3 "
                            "connection, durability=sync) ÷ Switchyard's (SQLiteCheckpointer, durableCommits, "
                            "durability .sync), both fsyncing every commit; the smaller of the median and p10 "
                            "ratios; >1 means Switchyard is faster; null when the load exceeded the core count "
                            "(unless forced)",
        "targets": {
            "in_memory": 20, "no_checkpointer": 20, "sqlite_normal": 10, "sqlite_async": 10,
            "concurrent_50_throughput": 20, "full_within": "1.2 × (fsync + NORMAL step)",
            "storage": "linear in turns, ≤ 3 KB per chat turn",
        },
        "ratios": {k: f["ratio"] for k, f in figures.items()},
        "fsync_budget": fsync_budget,
        "figures": figures,
        "storage_growth": {"langgraph": gl, "switchyard": gs},
        "machine": meta,
        "versions": {"langgraph": lg["versions"], "switchyard": {"commit": meta.get("commit"), "swift": meta.get("swift")}},
        "langgraph": lg,
        "switchyard": sy,
    }
    print(json.dumps(result, ensure_ascii=False, separators=(",", ":")))


if __name__ == "__main__":
    main()
