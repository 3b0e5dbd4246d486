#!/usr/bin/env python3
"""The LangGraph side of bench/graph: the same workloads as `SwitchyardBench graph`, printed as one JSON object.

Workloads (see docs/graph-bench.md):
  seq     10-node sequential graph, trivial nodes (counter += 1, append a 2-character string); a new thread per
          invoke; per-step time = invoke time / 10.
  fanout  start -> 5 parallel nodes -> join; a new thread per invoke; time per invoke.
  concurrent  C runs at once (C = 1, 10, 50) in one asyncio loop, each invoking the seq graph on new threads for a
          few seconds, on one AsyncSqliteSaver (its default connection: synchronous=FULL, fsync per commit),
          durability sync; node-steps per second.
  chat    one thread, N turns; the input appends a ~400-character random user message, the node appends a
          ~400-character random reply; bytes stored at given turns, time per turn.

SQLite: SqliteSaver on a file (WAL, its own setup), `synchronous=NORMAL` set on the connection to match
Switchyard's SQLiteStore (both: no fsync per commit, survives a killed process); `--sync-full` variants keep
SQLite's default `synchronous=FULL` (fsync per commit) to compare with Switchyard's `durableCommits`.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import operator
import os
import random
import shutil
import sqlite3
import statistics
import string
import sys
import time
from typing import Annotated, TypedDict

import langgraph
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
from langgraph.graph import END, START, StateGraph

try:
    from importlib.metadata import version as _version
except ImportError:  # pragma: no cover
    _version = None


class SeqState(TypedDict):
    counter: int
    log: Annotated[list[str], operator.add]


class FanState(TypedDict):
    counter: int
    results: Annotated[list[str], operator.add]
    joined: int


class ChatState(TypedDict):
    messages: Annotated[list[str], operator.add]


def seq_graph(checkpointer):
    g = StateGraph(SeqState)
    names = [f"n{i}" for i in range(10)]
    for name in names:
        tag = name  # small string appended by each node

        def node(state: SeqState, _tag=tag):
            return {"counter": state["counter"] + 1, "log": [_tag]}

        g.add_node(name, node)
    g.add_edge(START, names[0])
    for a, b in zip(names, names[1:]):
        g.add_edge(a, b)
    g.add_edge(names[-1], END)
    return g.compile(checkpointer=checkpointer)


def fan_graph(checkpointer):
    g = StateGraph(FanState)
    g.add_node("start", lambda s: {"counter": s["counter"] + 1})
    branches = [f"b{i}" for i in range(5)]
    for b in branches:
        g.add_node(b, lambda s, _b=b: {"results": [_b]})
        g.add_edge("start", b)
    g.add_node("join", lambda s: {"joined": len(s["results"])})
    g.add_edge(branches, "join")  # waits for all five
    g.add_edge(START, "start")
    g.add_edge("join", END)
    return g.compile(checkpointer=checkpointer)


def random_text(rng: random.Random, n: int = 400) -> str:
    alphabet = string.ascii_letters + string.digits + "      .,"
    return "".join(rng.choices(alphabet, k=n))


def chat_graph(checkpointer, replies: list[str]):
    g = StateGraph(ChatState)

    def reply(state: ChatState):
        turn = len(state["messages"]) // 2  # the user message of this turn is already in
        return {"messages": [replies[turn % len(replies)]]}

    g.add_node("reply", reply)
    g.add_edge(START, "reply")
    g.add_edge("reply", END)
    return g.compile(checkpointer=checkpointer)


def open_saver(path: str, synchronous: str | None) -> tuple[SqliteSaver, sqlite3.Connection]:
    conn = sqlite3.connect(path, check_same_thread=False)
    saver = SqliteSaver(conn)
    saver.setup()  # WAL + tables, as in normal use
    if synchronous:
        conn.execute(f"PRAGMA synchronous={synchronous}")
    return saver, conn


def summarize(samples_ns: list[int], divide: int = 1) -> dict:
    s = sorted(samples_ns)
    n = len(s)
    us = lambda v: round(v / 1000 / divide, 2)
    return {
        "iterations": n,
        "median_us": us(statistics.median(s)),
        "p10_us": us(s[n // 10]),
        "p90_us": us(s[(n * 9) // 10]),
        "mean_us": us(sum(s) / n),
    }


def timed_loop(fn, warmup: int, iterations: int, budget_s: float) -> list[int]:
    for i in range(warmup):
        fn(f"w{i}")
    samples = []
    deadline = time.perf_counter() + budget_s
    for i in range(iterations):
        t0 = time.perf_counter_ns()
        fn(f"t{i}")
        samples.append(time.perf_counter_ns() - t0)
        if i >= 20 and time.perf_counter() > deadline:
            break
    return samples


def file_bytes(path: str) -> int:
    return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))


def bench_seq(kind: str, workdir: str, iterations: int, budget: float, warmup: int) -> dict:
    """kind: none | memory-sync | sqlite-sync | sqlite-async | sqlite-sync-full | sqlite-async-full"""
    conn = None
    durability = None
    if kind == "none":
        app = seq_graph(None)
    elif kind == "memory-sync":
        app = seq_graph(InMemorySaver())
        durability = "sync"
    else:
        path = os.path.join(workdir, f"seq-{kind}.sqlite")
        saver, conn = open_saver(path, None if kind.endswith("-full") else "NORMAL")
        app = seq_graph(saver)
        durability = "async" if kind.startswith("sqlite-async") else "sync"

    def run(tid: str):
        if durability is None:
            out = app.invoke({"counter": 0, "log": []})
        else:
            out = app.invoke(
                {"counter": 0, "log": []}, {"configurable": {"thread_id": f"{kind}-{tid}"}}, durability=durability
            )
        assert out["counter"] == 10, out

    samples = timed_loop(run, warmup, iterations, budget)
    per_invoke = summarize(samples)
    per_step = summarize(samples, divide=10)
    if conn is not None:
        conn.close()
    return {"per_invoke": per_invoke, "per_step": per_step}


def bench_fanout(kind: str, workdir: str, iterations: int, budget: float, warmup: int) -> dict:
    conn = None
    if kind == "none":
        app = fan_graph(None)
        durability = None
    else:
        path = os.path.join(workdir, f"fan-{kind}.sqlite")
        saver, conn = open_saver(path, "NORMAL")
        app = fan_graph(saver)
        durability = "async" if kind == "sqlite-async" else "sync"

    def run(tid: str):
        inp = {"counter": 0, "results": [], "joined": 0}
        if durability is None:
            out = app.invoke(inp)
        else:
            out = app.invoke(inp, {"configurable": {"thread_id": f"{kind}-{tid}"}}, durability=durability)
        assert out["joined"] == 5 and out["counter"] == 1, out

    samples = timed_loop(run, warmup, iterations, budget)
    if conn is not None:
        conn.close()
    return {"per_invoke": summarize(samples)}


async def bench_concurrent(workdir: str, levels: list[int], seconds: float) -> dict:
    """`level` runs at once on one AsyncSqliteSaver (default connection: synchronous=FULL), durability sync."""
    path = os.path.join(workdir, "concurrent.sqlite")
    out = {}
    async with AsyncSqliteSaver.from_conn_string(path) as saver:
        await saver.setup()
        app = seq_graph(saver)
        sync_mode = (await (await saver.conn.execute("PRAGMA synchronous")).fetchone())[0]
        for level in levels:
            deadline = time.perf_counter() + seconds

            async def worker(w: int) -> int:
                n = 0
                while n == 0 or time.perf_counter() < deadline:
                    cfg = {"configurable": {"thread_id": f"c{level}-w{w}-{n}"}}
                    res = await app.ainvoke({"counter": 0, "log": []}, cfg, durability="sync")
                    assert res["counter"] == 10, res
                    n += 1
                return n

            t0 = time.perf_counter()
            counts = await asyncio.gather(*(worker(w) for w in range(level)))
            elapsed = time.perf_counter() - t0
            out[str(level)] = {
                "invokes": sum(counts),
                "steps_per_s": round(sum(counts) * 10 / elapsed),
                "seconds": round(elapsed, 2),
                "synchronous": sync_mode,
            }
    return out


def logical_bytes(conn: sqlite3.Connection) -> int:
    a = conn.execute(
        "SELECT COALESCE(SUM(LENGTH(checkpoint) + LENGTH(metadata)), 0) FROM checkpoints"
    ).fetchone()[0]
    b = conn.execute("SELECT COALESCE(SUM(LENGTH(value)), 0) FROM writes").fetchone()[0]
    return int(a + b)


def bench_chat(workdir: str, turns: int, marks: list[int], seed: int) -> dict:
    rng = random.Random(seed)
    users = [random_text(rng) for _ in range(turns)]
    replies = [random_text(rng) for _ in range(turns)]
    path = os.path.join(workdir, "chat.sqlite")
    saver, conn = open_saver(path, "NORMAL")
    app = chat_graph(saver, replies)
    config = {"configurable": {"thread_id": "chat"}}
    samples = []
    at = {}
    for t in range(1, turns + 1):
        t0 = time.perf_counter_ns()
        out = app.invoke({"messages": [users[t - 1]]}, config, durability="sync")
        samples.append(time.perf_counter_ns() - t0)
        if t in marks:
            assert len(out["messages"]) == 2 * t
            # Fold the WAL into the main file so the file size is the data, not WAL slack.
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            at[str(t)] = {
                "file_bytes": file_bytes(path),
                "logical_bytes": logical_bytes(conn),
                "checkpoints": conn.execute("SELECT COUNT(*) FROM checkpoints").fetchone()[0],
                "turn_median_us_so_far": round(statistics.median(samples) / 1000, 1),
                "last_turn_us": round(samples[-1] / 1000, 1),
            }
    conn.close()
    final = at[str(turns)]
    return {
        "turns": turns,
        "message_chars": 400,
        "at": at,
        "file_bytes": final["file_bytes"],
        "bytes_per_turn": round(final["file_bytes"] / turns, 1),
        "logical_bytes": final["logical_bytes"],
        "turn_median_us": round(statistics.median(samples) / 1000, 1),
        "turn_p90_us": round(sorted(samples)[(len(samples) * 9) // 10] / 1000, 1),
        "total_s": round(sum(samples) / 1e9, 3),
    }


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--workdir", required=True)
    p.add_argument("--quick", action="store_true", help="few iterations, for a smoke test")
    p.add_argument("--turns", type=int, default=500)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--skip-chat", action="store_true", help="leave the chat out (the runner runs it once)")
    args = p.parse_args()

    shutil.rmtree(args.workdir, ignore_errors=True)
    os.makedirs(args.workdir)
    q = args.quick
    n = lambda full, quick: quick if q else full
    started = time.perf_counter()
    result: dict = {
        "runtime": "langgraph",
        "versions": {
            "python": sys.version.split()[0],
            "langgraph": _version("langgraph"),
            "langgraph-checkpoint": _version("langgraph-checkpoint"),
            "langgraph-checkpoint-sqlite": _version("langgraph-checkpoint-sqlite"),
            "sqlite": sqlite3.sqlite_version,
        },
    }
    log = lambda msg: print(f"[langgraph] {msg}", file=sys.stderr, flush=True)

    seq = {}
    for kind, iters, budget in [
        ("none", n(600, 30), 3),
        ("memory-sync", n(200, 20), 3),
        ("sqlite-sync", n(250, 20), 6),
        ("sqlite-async", n(200, 20), 5),
        ("sqlite-sync-full", n(60, 10), 6),
        ("sqlite-async-full", n(60, 10), 5),
    ]:
        log(f"seq {kind}")
        seq[kind] = bench_seq(kind, args.workdir, iters, budget, warmup=n(20, 3))
    result["seq"] = seq

    fan = {}
    for kind, iters, budget in [
        ("none", n(300, 20), 3),
        ("sqlite-sync", n(200, 20), 5),
        ("sqlite-async", n(150, 20), 4),
    ]:
        log(f"fanout {kind}")
        fan[kind] = bench_fanout(kind, args.workdir, iters, budget, warmup=n(20, 3))
    result["fanout"] = fan

    log("concurrent")
    result["concurrent"] = asyncio.run(bench_concurrent(args.workdir, [1, 10, 50], 0.5 if q else 2.0))

    if not args.skip_chat:
        turns = n(args.turns, 20)
        marks = sorted({m for m in (10, 100, 250, turns) if m <= turns})
        log(f"chat {turns} turns")
        result["chat"] = bench_chat(args.workdir, turns, marks, args.seed)
    result["wall_s"] = round(time.perf_counter() - started, 1)
    gc.collect()
    shutil.rmtree(args.workdir, ignore_errors=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
