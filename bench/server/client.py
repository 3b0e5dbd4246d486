"""bench/server's run driver: N concurrent clients, each in a closed loop creating a thread, running the trivial graph
on it and waiting for the result, for a fixed time. The same asyncio code drives both servers.

    client.py --target langgraph --url http://127.0.0.1:PORT --clients 16 --seconds 30
    client.py --target switchyard --url http://127.0.0.1:PORT --key sy_... --clients 16 --seconds 30

LangGraph is driven by `langgraph-sdk` (threads.create, runs.wait). Switchyard is driven by the same SDK calls when
the server serves LangGraph's protocol (POST /assistants/search answers); otherwise by the equivalent native calls
over the SDK's own HTTP client library, httpx: POST /v1/runs (the run gets a thread of its own) then
GET /v1/runs/{id}/wait. The output says which (`protocol`). Every answer is checked: the run must have finished
and, where the answer carries the state, `out` must be the input's seed + "-done".

Prints one JSON object: completed runs/s over the measured window (after a warm-up), latency percentiles of one
whole create-run-wait cycle, and errors (any failed call or unexpected answer counts; the run is not counted).

It also says what the window cost in CPU: this client's own CPU seconds (user + system, `time.process_time()`)
and, with --server-pid, the server's (`/proc/PID/stat` utime + stime of the process, its descendants and its
session), each per run finished in the window: `client_cpu_ms_per_run`, `server_cpu_ms_per_run`.
"""

import argparse
import asyncio
import json
import os
import sys
import time

import httpx
from langgraph_sdk import get_client


def percentile(values, q):
    if not values:
        return None
    values = sorted(values)
    index = min(len(values) - 1, max(0, int(round(q / 100 * len(values) + 0.5)) - 1))
    return values[index]


def server_cpu_seconds(pid):
    """CPU seconds (user + system) of `pid`, its descendants and the processes of its session, from /proc."""
    if not pid:
        return None
    stats = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                text = f.read()
        except OSError:
            continue
        # The command name (field 2) may hold spaces: the fields after it start past its closing parenthesis.
        fields = text[text.rindex(")") + 2:].split()
        # fields[0] is field 3 (state): ppid = field 4, session = field 6, utime = field 14, stime = field 15.
        stats[int(entry)] = (int(fields[1]), int(fields[3]), int(fields[11]) + int(fields[12]))
    members = {p for p, (_, session, _) in stats.items() if p == pid or session == pid}
    grew = True
    while grew:
        more = {p for p, (ppid, _, _) in stats.items() if ppid in members and p not in members}
        members |= more
        grew = bool(more)
    return sum(stats[p][2] for p in members) / os.sysconf("SC_CLK_TCK")


async def speaks_langgraph(url, headers):
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=10) as http:
        try:
            response = await http.post("/assistants/search", json={"limit": 1})
        except httpx.HTTPError:
            return False
        return response.status_code == 200


def make_sdk_cycle(url, key, assistant):
    # The SDK sends the key itself (as x-api-key) and refuses it among extra headers.
    client = get_client(url=url, api_key=key)

    async def cycle(seed):
        thread = await client.threads.create()
        values = await client.runs.wait(thread["thread_id"], assistant, input={"seed": seed})
        if not isinstance(values, dict) or values.get("out") != f"{seed}-done":
            raise RuntimeError(f"unexpected answer: {str(values)[:200]}")

    return cycle, client


def make_native_cycle(url, headers, workflow):
    limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
    http = httpx.AsyncClient(base_url=url, headers=headers, timeout=60, limits=limits)

    async def cycle(seed):
        response = await http.post("/v1/runs", json={"workflow": workflow, "input": {"seed": seed}})
        if response.status_code != 202:
            raise RuntimeError(f"POST /v1/runs: {response.status_code} {response.text[:200]}")
        run = response.json()
        response = await http.get(f"/v1/runs/{run['run_id']}/wait", params={"timeout": 60})
        if response.status_code != 200:
            raise RuntimeError(f"wait: {response.status_code} {response.text[:200]}")
        run = response.json()
        if run.get("status") != "succeeded":
            raise RuntimeError(f"run ended {run.get('status')}: {str(run)[:200]}")
        output = run.get("output")
        if isinstance(output, dict) and "out" in output and output["out"] != f"{seed}-done":
            raise RuntimeError(f"unexpected output: {str(output)[:200]}")

    return cycle, http


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", choices=["langgraph", "switchyard"], required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--key")
    parser.add_argument("--graph", default="trivial")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--server-pid", type=int, help="the server's pid, for its CPU time over the window")
    args = parser.parse_args()

    headers = {}
    if args.key:
        headers = {"Authorization": f"Bearer {args.key}", "x-api-key": args.key}
    if args.target == "langgraph" or await speaks_langgraph(args.url, headers):
        protocol = "langgraph-sdk"
        cycle, _ = make_sdk_cycle(args.url, args.key, args.graph)
    else:
        protocol = "native (POST /v1/runs, GET /v1/runs/{id}/wait) over httpx"
        cycle, _ = make_native_cycle(args.url, headers, args.graph)

    start = time.monotonic()
    measure_from = start + args.warmup
    end = measure_from + args.seconds
    latencies = []
    errors = []
    completed = 0
    finished_in_window = 0  # runs that finished inside the window, whenever they started: the CPU's denominator
    cpu = {}

    async def meter():
        await asyncio.sleep(max(0, measure_from - time.monotonic()))
        cpu["start"] = (time.monotonic(), time.process_time(), server_cpu_seconds(args.server_pid))
        await asyncio.sleep(max(0, end - time.monotonic()))
        cpu["end"] = (time.monotonic(), time.process_time(), server_cpu_seconds(args.server_pid))

    async def client(index):
        nonlocal completed, finished_in_window
        n = 0
        while time.monotonic() < end:
            n += 1
            seed = f"c{index}-{n}"
            t0 = time.monotonic()
            try:
                await cycle(seed)
            except Exception as error:  # every failure counts, whatever raised it
                if t0 >= measure_from:
                    errors.append(f"{type(error).__name__}: {error}"[:300])
                continue
            t1 = time.monotonic()
            if measure_from <= t1 <= end:
                finished_in_window += 1
            if t0 >= measure_from and t1 <= end:
                completed += 1
                latencies.append((t1 - t0) * 1000)

    await asyncio.gather(meter(), *(client(i) for i in range(args.clients)))
    (w0, c0, s0), (w1, c1, s1) = cpu["start"], cpu["end"]
    runs = max(1, finished_in_window)
    client_cpu = c1 - c0
    server_cpu = s1 - s0 if s0 is not None and s1 is not None else None
    result = {
        "target": args.target,
        "protocol": protocol,
        "clients": args.clients,
        "seconds": args.seconds,
        "completed": completed,
        "runs_per_s": round(completed / args.seconds, 2),
        "p50_ms": round(percentile(latencies, 50), 2) if latencies else None,
        "p99_ms": round(percentile(latencies, 99), 2) if latencies else None,
        "errors": len(errors),
        "first_errors": errors[:3],
        "window_s": round(w1 - w0, 3),
        "finished_in_window": finished_in_window,
        "client_cpu_s": round(client_cpu, 3),
        "client_cores": round(client_cpu / (w1 - w0), 3),
        "client_cpu_ms_per_run": round(client_cpu / runs * 1000, 3),
        "server_cpu_s": round(server_cpu, 3) if server_cpu is not None else None,
        "server_cores": round(server_cpu / (w1 - w0), 3) if server_cpu is not None else None,
        "server_cpu_ms_per_run": round(server_cpu / runs * 1000, 3) if server_cpu is not None else None,
    }
    print(json.dumps(result))
    return 0 if completed > 0 else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
