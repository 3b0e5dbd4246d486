#!/usr/bin/env python3
"""The LangGraph side of bench/runtime: the same 6-node workflow as `SwitchyardRuntimeBench`, printed as one JSON
object on stdout (progress on stderr).

The graph: six nodes in a chain, no model call; node sN writes aN = the previous value + "-N" (s1 reads the input
`request`), as the `transform` nodes of Switchyard's `chain6` workflow do. Checkpointer: AsyncSqliteSaver on a
file, its default connection (WAL, `synchronous=FULL`: fsync every commit, LangGraph's default), durability
`sync` (a checkpoint after every step, written before the next step starts).

`--synchronous NORMAL` sets the saver's connection to no fsync per commit (compared with Switchyard's default).

For each concurrency C (1, 2, 4): a fresh database, a few warm-up runs, then N runs driven by C asyncio tasks at
once, each run on a new thread (`ainvoke`); runs/s = N / elapsed, and each run's own time. LangGraph has no queue,
so there is no enqueue→start figure and no fairness figure on this side.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sqlite3
import statistics
import sys
import time
from typing import TypedDict

from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
from langgraph.graph import END, START, StateGraph

try:
    from importlib.metadata import version as _version
except ImportError:  # pragma: no cover
    _version = None

STEPS = 6


class ChainState(TypedDict, total=False):
    request: str
    a1: str
    a2: str
    a3: str
    a4: str
    a5: str
    a6: str


def chain_graph(checkpointer):
    g = StateGraph(ChainState)
    names = [f"s{i}" for i in range(1, STEPS + 1)]
    for i, name in enumerate(names, start=1):
        source = "request" if i == 1 else f"a{i - 1}"

        def node(state: ChainState, _i=i, _source=source):
            return {f"a{_i}": f"{state[_source]}-{_i}"}

        g.add_node(name, node)
    g.add_edge(START, names[0])
    for a, b in zip(names, names[1:]):
        g.add_edge(a, b)
    g.add_edge(names[-1], END)
    return g.compile(checkpointer=checkpointer)


def expected(request: str) -> str:
    return request + "".join(f"-{i}" for i in range(1, STEPS + 1))


def percentiles(seconds: list[float]) -> dict:
    s = sorted(seconds)
    n = len(s)
    at = lambda q: round(s[min(n - 1, int(n * q))] * 1000, 2)
    return {
        "n": n,
        "p50_ms": at(0.5),
        "p90_ms": at(0.9),
        "p99_ms": at(0.99),
        "max_ms": round(s[-1] * 1000, 2),
        "mean_ms": round(statistics.fmean(s) * 1000, 2),
    }


async def bench_level(
    workdir: str, concurrency: int, runs: int, synchronous: str | None, durability: str = "sync"
) -> dict:
    path = os.path.join(workdir, f"chain-{concurrency}.sqlite")
    async with AsyncSqliteSaver.from_conn_string(path) as saver:
        await saver.setup()
        if synchronous:
            await saver.conn.execute(f"PRAGMA synchronous={synchronous}")
        app = chain_graph(saver)
        sync_mode = (await (await saver.conn.execute("PRAGMA synchronous")).fetchone())[0]

        async def one(tag: str) -> float:
            t0 = time.perf_counter()
            request = f"run {tag}"
            out = await app.ainvoke(
                {"request": request}, {"configurable": {"thread_id": f"t-{tag}"}}, durability=durability
            )
            assert out[f"a{STEPS}"] == expected(request), out
            return time.perf_counter() - t0

        for i in range(3):
            await one(f"warm{i}")
        next_run = 0
        durations: list[float] = []

        async def worker() -> None:
            nonlocal next_run
            while next_run < runs:
                i = next_run
                next_run += 1
                durations.append(await one(str(i)))

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - t0
        checkpoints = (await (await saver.conn.execute("SELECT COUNT(*) FROM checkpoints")).fetchone())[0]
    return {
        "concurrency": concurrency,
        "runs": runs,
        "seconds": round(elapsed, 3),
        "runs_per_s": round(runs / elapsed, 1),
        "run": percentiles(durations),
        "synchronous": sync_mode,
        "durability": durability,
        "checkpoints_per_run": round(checkpoints / (runs + 3), 2),
        "db_bytes": sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p)),
    }


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--workdir", required=True)
    p.add_argument("--runs", type=int, default=300)
    p.add_argument("--concurrency", default="1,2,4")
    p.add_argument("--synchronous", choices=["FULL", "NORMAL"], help="set on the saver's connection (default: FULL)")
    p.add_argument(
        "--durability",
        choices=["sync", "async", "exit"],
        default="sync",
        help="LangGraph's durability (default here: sync, each checkpoint durable before the next step)",
    )
    p.add_argument("--quick", action="store_true", help="40 runs per level, for a smoke test")
    args = p.parse_args()
    runs = 40 if args.quick else args.runs

    shutil.rmtree(args.workdir, ignore_errors=True)
    os.makedirs(args.workdir)
    result: dict = {
        "runtime": "langgraph",
        "versions": {
            "python": sys.version.split()[0],
            "langgraph": _version("langgraph"),
            "langgraph-checkpoint": _version("langgraph-checkpoint"),
            "langgraph-checkpoint-sqlite": _version("langgraph-checkpoint-sqlite"),
            "sqlite": sqlite3.sqlite_version,
        },
        "nodes": STEPS,
        "durability": args.durability,
        "throughput": {},
    }
    started = time.perf_counter()
    for level in [int(c) for c in args.concurrency.split(",")]:
        print(f"[langgraph] concurrency {level}, {runs} runs", file=sys.stderr, flush=True)
        result["throughput"][str(level)] = asyncio.run(
            bench_level(args.workdir, level, runs, args.synchronous, args.durability)
        )
    result["wall_s"] = round(time.perf_counter() - started, 1)
    shutil.rmtree(args.workdir, ignore_errors=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
