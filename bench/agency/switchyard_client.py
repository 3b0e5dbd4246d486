"""bench/agency's Switchyard side: what a user's client does against `switchyard serve`, over HTTP with each
tenant's own key. Submits every run at once (POST /v1/runs, one thread per run released together), long-polls each
(GET /v1/runs/{id}/wait) and approves it when it stops for approval (POST /v1/approvals/{id}), until all finish.
Afterwards, outside the clock, reads each run, its artifacts and metrics.

usage: switchyard_client.py BASE_URL KEYS_JSON SPEC_JSON [--quick]
Standard library only. Prints one JSON object.
"""
import json
import sys
import threading
import time
import urllib.error
import urllib.request

BASE, KEYS, SPEC = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))["tenants"]
QUICK = "--quick" in sys.argv[4:]


def call(tenant, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + KEYS[tenant])
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=900) as response:
            return response.status, json.loads(response.read().decode() or "null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read().decode() or "null")


def main():
    jobs = []
    for tenant in SPEC[:2] if QUICK else SPEC:
        for i, request in enumerate(tenant["requests"][:1] if QUICK else tenant["requests"]):
            jobs.append((tenant["name"], request, f"bench-{tenant['name']}-{i + 1}"))
    results = [None] * len(jobs)
    gate = threading.Barrier(len(jobs) + 1)

    def one(index):
        tenant, request, key = jobs[index]
        gate.wait()
        start = time.perf_counter()
        status, run = call(tenant, "POST", "/v1/runs", {"workflow": "agency", "input": {"request": request}})
        if status != 202:
            results[index] = {"tenant": tenant, "status": "submit_failed", "error": run, "seconds": 0}
            return
        run_id, approvals = run["run_id"], 0
        while True:
            status, run = call(tenant, "GET", f"/v1/runs/{run_id}/wait?timeout=300")
            if run["status"] == "interrupted":
                approvals += 1
                status, answer = call(tenant, "POST", f"/v1/approvals/{run_id}", {"decision": "approve"})
                if status != 200:
                    raise SystemExit(f"approving {run_id}: {status} {answer}")
            elif run["status"] in ("succeeded", "failed", "cancelled"):
                break
        results[index] = {"tenant": tenant, "request": request, "run_id": run_id, "status": run["status"],
                          "seconds": time.perf_counter() - start, "approvals": approvals}

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    gate.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started

    # Outside the clock: what each run did.
    for result in results:
        if "run_id" not in result:
            continue
        tenant = result["tenant"]
        _, run = call(tenant, "GET", f"/v1/runs/{result['run_id']}")
        _, body = call(tenant, "GET", f"/v1/runs/{result['run_id']}/artifacts")
        artifacts = {a["name"]: a["value"] for a in body["artifacts"]}
        metrics = artifacts.get("metrics") or []
        result.update({
            "error": run.get("error"), "workflow_hash": run.get("workflow_hash"),
            "category": artifacts.get("category"), "deliverable": artifacts.get("deliverable"),
            "draft": artifacts.get("draft"), "escalated": bool(artifacts.get("escalated")),
            "sources": [{"n": s["n"], "source": s["source"], "start": s["start"], "end": s["end"]}
                        for s in artifacts.get("sources") or []],
            "reviews": artifacts.get("reviews") or [],
            "revisions": sum(1 for r in artifacts.get("reviews") or [] if not r.get("pass")
                             and r.get("revision", 0) < 2),
            "metrics": metrics,
        })
    json.dump({"side": "switchyard", "wall_seconds": wall, "runs": results}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
