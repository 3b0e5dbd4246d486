"""bench/server's report: reads the phase outputs in OUT (bench/server/run writes them), prints a table and, as the
last line, one JSON object with every figure and `ratio` (Switchyard's completed runs/s ÷ LangGraph's at the same
number of concurrent clients)."""

import json
import os
import statistics
import sys

TARGETS = {"reads_per_s": 10000, "accepts_per_s": 2000, "p99_ms": 20, "ratio": 10}


def load(out, name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def wrk_errors(w):
    return (w["non_2xx_3xx"] + w["errors_connect"] + w["errors_read"] + w["errors_write"] + w["errors_timeout"]
            if w else None)


def wrk_row(w):
    if not w:
        return None
    return {"rps": round(w["rps"], 1), "p50_ms": round(w["p50_ms"], 2), "p99_ms": round(w["p99_ms"], 2),
            "max_ms": round(w["max_ms"], 2), "requests": w["requests"], "errors": wrk_errors(w),
            "non_2xx": w["non_2xx_3xx"]}


def soak_figures(out, meta):
    samples_path = os.path.join(out, "soak-samples.txt")
    if not os.path.exists(samples_path):
        return None
    rows = []
    with open(samples_path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[1].isdigit():
                rows.append((int(parts[0]), int(parts[1]) / 1024, int(parts[2])))
    reads, runs = wrk_row(load(out, "soak-reads.json")), wrk_row(load(out, "soak-runs.json"))
    queued = len((load(out, "soak-queued.json") or {}).get("runs", []))
    failed = len((load(out, "soak-failed.json") or {}).get("runs", []))
    result = {"seconds": meta["soak_seconds"], "reads": reads, "runs": runs, "samples": len(rows),
              "queued_at_end": queued, "failed_runs": failed}
    if len(rows) >= 4:
        # The first fifth is warm-up (caches, pools filling); flat = the last third's median RSS within 10 % (and
        # 8 MB) of the median of the third after the warm-up, and the fd count within 8 of it.
        body = rows[len(rows) // 5:]
        third = max(1, len(body) // 3)
        rss_early = statistics.median(r[1] for r in body[:third])
        rss_late = statistics.median(r[1] for r in body[-third:])
        fds_early = statistics.median(r[2] for r in body[:third])
        fds_late = statistics.median(r[2] for r in body[-third:])
        result.update({
            "rss_mb_first": round(rows[0][1], 1), "rss_mb_early": round(rss_early, 1),
            "rss_mb_late": round(rss_late, 1), "rss_mb_max": round(max(r[1] for r in rows), 1),
            "fds_min": min(r[2] for r in rows), "fds_max": max(r[2] for r in rows),
            "fds_early": fds_early, "fds_late": fds_late,
        })
        growth = rss_late - rss_early
        result["rss_flat"] = growth <= max(8.0, 0.10 * rss_early)
        result["fds_flat"] = fds_late - fds_early <= 8
    errors = (reads or {}).get("errors", 1) + (runs or {}).get("errors", 1) + failed
    result["errors"] = errors
    result["ok"] = bool(result.get("rss_flat") and result.get("fds_flat") and errors == 0)
    return result


def main():
    out = sys.argv[1]
    meta = load(out, "meta.json")
    reads = wrk_row(load(out, "reads.json"))
    accepts = wrk_row(load(out, "accepts.json"))
    accepts_workers = wrk_row(load(out, "accepts-workers.json"))
    sy_runs = load(out, "switchyard-runs.json")
    lg_runs = load(out, "langgraph-runs.json")
    ratio = None
    if sy_runs and lg_runs and lg_runs["runs_per_s"] > 0:
        ratio = round(sy_runs["runs_per_s"] / lg_runs["runs_per_s"], 2)
    soak = soak_figures(out, meta)
    # The client's ceiling: the client process is single-threaded Python, but it shares the machine's cores with the
    # server; even a server that cost nothing could not complete more than cores ÷ (client CPU per run) runs/s with
    # this client here. Over LangGraph's runs/s that is the highest ratio this bench can show.
    cores = meta["cores"]
    client_ms = (sy_runs or {}).get("client_cpu_ms_per_run")
    runs_ceiling = round(cores / (client_ms / 1000), 1) if client_ms else None
    ratio_ceiling = (round(runs_ceiling / lg_runs["runs_per_s"], 2)
                     if runs_ceiling and lg_runs and lg_runs["runs_per_s"] > 0 else None)
    # The client is one asyncio process: on its own it can use one core at most.
    ratio_ceiling_one_process = (round(1 / (client_ms / 1000) / lg_runs["runs_per_s"], 2)
                                 if client_ms and lg_runs and lg_runs["runs_per_s"] > 0 else None)
    # With the server's own cost too: the runs/s that client + server CPU per run allow on these cores.
    server_ms = (sy_runs or {}).get("server_cpu_ms_per_run")
    cpu_bound = round(cores / ((client_ms + server_ms) / 1000), 1) if client_ms and server_ms else None

    print(f"\nbench/server — {meta['cores']} cores ({meta['cpu']}), load {meta['load_start']} → {meta['load_end']}, "
          f"commit {meta['commit']}" + ("" if meta["headline"] else "  [load > 2 at start, or other processes busy meanwhile: NOT a headline]"))
    print(f"wrk -t{meta['wrk']['threads']} -c{meta['wrk']['connections']}, {meta['wrk']['seconds']} s per row; wrk runs "
          "on the same cores as the server")
    print(f"{'':44} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for label, row in [("GET /v1/runs/{id} (serve --workers 0)", reads),
                       ("POST /v1/runs (serve --workers 0: queued)", accepts),
                       (f"POST /v1/runs (serve --workers {meta['workers']})", accepts_workers)]:
        if row:
            print(f"{label:44} {row['rps']:>9.0f} {row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f} {row['errors']:>7}")
    print(f"\ncreate-run-wait, {meta['clients']} concurrent clients   {'runs/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
          f" {'client CPU':>11} {'server CPU':>11}")
    print(f"{'':44} {'':>9} {'':>8} {'':>8} {'':>7} {'ms/run':>11} {'ms/run':>11}")
    def ms(value):
        return f"{value:>11.2f}" if value is not None else f"{'?':>11}"
    for label, row in [(f"Switchyard (serve --workers {meta['workers']})", sy_runs),
                       ("LangGraph (langgraph dev, in-memory)", lg_runs)]:
        if row:
            print(f"{label:44} {row['runs_per_s']:>9.1f} {row['p50_ms'] or 0:>8.1f} {row['p99_ms'] or 0:>8.1f} "
                  f"{row['errors']:>7} {ms(row.get('client_cpu_ms_per_run'))} {ms(row.get('server_cpu_ms_per_run'))}")
    if sy_runs:
        print(f"Switchyard driven by: {sy_runs['protocol']}")
    print(f"ratio (Switchyard ÷ LangGraph completed runs/s): {ratio}")
    if ratio_ceiling:
        print(f"ratio_ceiling: {cores} cores ÷ {client_ms:.2f} ms of client CPU per run = {runs_ceiling} runs/s with a "
              f"server of zero cost, ÷ LangGraph's {lg_runs['runs_per_s']} = {ratio_ceiling}"
              + f" ({ratio_ceiling_one_process} for one client process, which uses one core at most)"
              + (f"; client + server CPU allow {cpu_bound} runs/s here" if cpu_bound else ""))
    if soak:
        print(f"\nsoak {soak['seconds']} s: reads {soak['reads'] and soak['reads']['rps']}/s, runs "
              f"{soak['runs'] and soak['runs']['rps']}/s, errors {soak['errors']}, RSS {soak.get('rss_mb_early')} → "
              f"{soak.get('rss_mb_late')} MB (max {soak.get('rss_mb_max')}), fds {soak.get('fds_min')}–"
              f"{soak.get('fds_max')}, queued at end {soak['queued_at_end']}: {'ok' if soak['ok'] else 'NOT ok'}")

    targets = {
        "reads_per_s": bool(reads and reads["rps"] >= TARGETS["reads_per_s"]),
        "accepts_per_s": bool(accepts and accepts["rps"] >= TARGETS["accepts_per_s"]),
        "p99_ms": bool(reads and accepts and max(reads["p99_ms"], accepts["p99_ms"]) < TARGETS["p99_ms"]),
        "zero_errors": all(r is None or r["errors"] == 0 for r in [reads, accepts, accepts_workers])
        and all(r is None or r["errors"] == 0 for r in [sy_runs, lg_runs]),
        "ratio": bool(ratio and ratio >= TARGETS["ratio"]),
    }
    result = {
        "benchmark": "server",
        "reads": reads,
        "accepts": accepts,
        "accepts_with_workers": accepts_workers,
        "runs_16_clients": {"switchyard": sy_runs, "langgraph": lg_runs},
        "soak": soak,
        "targets": TARGETS,
        "targets_met": targets,
        "client_runs_per_s_ceiling": runs_ceiling,
        "cpu_bound_runs_per_s": cpu_bound,
        "ratio_ceiling_one_process": ratio_ceiling_one_process,
        "ratio_ceiling": ratio_ceiling,
        **{k: meta.get(k) for k in ["cpu", "cores", "load_start", "load_end", "others_cores", "headline", "commit", "wrk", "workers",
                                "clients", "quick", "queued_server_rss_mb", "langgraph_versions", "langgraph_jobs"]},
        "ratio": ratio,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
