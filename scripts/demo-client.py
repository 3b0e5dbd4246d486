#!/usr/bin/env python3
"""The agency demo's client: everything a user does, over Switchyard's HTTP API with each tenant's own key.

Usage: demo-client.py BASE_URL ACME_KEY GLOBEX_KEY ACME_DOCS_DIR
Standard library only (urllib, threads), so the demo needs nothing installed.
"""
import json
import os
import sys
import threading
import urllib.error
import urllib.request

BASE, KEYS, ACME_DOCS = sys.argv[1], {"acme": sys.argv[2], "globex": sys.argv[3]}, sys.argv[4]
LOCK = threading.Lock()


def call(tenant, method, path, body=None, headers=None, raw=False):
    """One request with the tenant's key; returns (status, parsed JSON or text)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + KEYS[tenant])
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            text = response.read().decode()
            return response.status, text if raw else json.loads(text or "null")
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        return error.code, text if raw else json.loads(text or "null")


def say(tenant, text):
    with LOCK:
        print(f"  {tenant:7} {text}", flush=True)


def follow(tenant, run, after=0):
    """Streams the run's server-sent events until it stops for a person or finishes; returns the last event id."""
    request = urllib.request.Request(f"{BASE}/v1/runs/{run}/events")
    request.add_header("Authorization", "Bearer " + KEYS[tenant])
    request.add_header("Last-Event-ID", str(after))
    event_id, kind, streamed = after, None, {}
    with urllib.request.urlopen(request, timeout=900) as stream:
        for raw in stream:
            line = raw.decode().rstrip("\n")
            if line.startswith("id: "):
                event_id = int(line[4:])
            elif line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                data = json.loads(line[6:])["data"]
                if kind == "token":  # the model's answer as it streams
                    count, chars = streamed.get(data.get("node"), (0, 0))
                    streamed[data.get("node")] = (count + 1, chars + len(data.get("text", "")))
                elif kind == "node.end":
                    node = data.get("node", "?")
                    count, chars = streamed.pop(node, (0, 0))
                    live = f", {chars} characters streamed live in {count} token events" if count else ""
                    say(tenant, f"#{event_id:<3} {node:10} done in {data.get('seconds', 0):.1f} s{live}")
                elif kind in ("interrupt", "run.succeeded", "run.failed", "run.cancelled"):
                    say(tenant, f"#{event_id:<3} {kind}")
    return event_id


def both(action):
    threads = [threading.Thread(target=action, args=(tenant,)) for tenant in ("acme", "globex")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


requests = {
    "acme": "Plan three SEO fixes for the Ridgeline backpack pages this quarter.",
    "globex": "Summarise our Q1 delivery performance for the monthly client report.",
}
runs, seen = {}, {}

print("== 3. both clients submit a request at once (POST /v1/runs, each with its own key)")
for tenant, text in requests.items():
    status, run = call(tenant, "POST", "/v1/runs", {"workflow": "agency", "input": {"request": text}},
                       headers={"Idempotency-Key": f"demo-{tenant}"})
    assert status == 202, (status, run)
    runs[tenant] = run["run_id"]
    say(tenant, f"{run['run_id']} on thread {run['thread_id']} ({run['status']})")

print("\n== 4. live progress until both stop for approval (GET /v1/runs/{id}/events, server-sent events)")
both(lambda tenant: seen.__setitem__(tenant, follow(tenant, runs[tenant])))

print("\n== 5. what the approvers see (GET /v1/approvals)")
for tenant in ("acme", "globex"):
    _, body = call(tenant, "GET", "/v1/approvals")
    for waiting in body["approvals"]:
        interrupt = waiting.get("interrupt") or {}
        say(tenant, f"{waiting['run_id']}: {interrupt.get('title', '')} "
                    f"(cost so far ${interrupt.get('cost_so_far_usd', 0):.5f})")

print("\n== 6. acme approves; globex rejects with a comment, which sends it back through the draft")
status, _ = call("acme", "POST", f"/v1/approvals/{runs['acme']}", {"decision": "approve", "comment": "Good to send."})
assert status == 200, status
status, _ = call("globex", "POST", f"/v1/approvals/{runs['globex']}",
                 {"decision": "reject", "comment": "Lead with the 97.2% on-time rate and keep it formal."})
assert status == 200, status
both(lambda tenant: follow(tenant, runs[tenant], seen[tenant]))
for tenant in ("acme", "globex"):
    _, run = call(tenant, "GET", f"/v1/runs/{runs[tenant]}/wait?timeout=300")
    say(tenant, f"{run['run_id']} is {run['status']}")

print("\n== 7. the deliverables with their sources (GET /v1/runs/{id}/artifacts)")
for tenant in ("acme", "globex"):
    _, body = call(tenant, "GET", f"/v1/runs/{runs[tenant]}/artifacts")
    artifacts = {a["name"]: a["value"] for a in body["artifacts"]}
    print(f"--- {tenant}")
    deliverable = artifacts.get("deliverable")
    print(deliverable if isinstance(deliverable, str) else json.dumps(deliverable, indent=2))
    print("  sources cited as [n]:")
    for source in artifacts.get("sources") or []:
        print(f"  [{source['n']}] {source['title']}, {source['source']}, "
              f"characters {source['start']} to {source['end']}")

print("\n== 8. isolation, over the API: globex's key against acme's run, and everything globex can read")
for path in (f"/v1/runs/{runs['acme']}", f"/v1/runs/{runs['acme']}/artifacts", f"/v1/runs/{runs['acme']}/events"):
    status, _ = call("globex", "GET", path, raw=True)
    assert status == 404, (path, status)
print(f"  globex's key gets 404 for acme's run, its artifacts and its events (as for a run that never existed)")
dump = []
_, listing = call("globex", "GET", "/v1/runs?limit=200")
for run in listing["runs"]:
    dump.append(json.dumps(run))
    dump.append(call("globex", "GET", f"/v1/runs/{run['run_id']}/artifacts", raw=True)[1])
    dump.append(call("globex", "GET", f"/v1/runs/{run['run_id']}/events", raw=True)[1])
for grouping in ("run", "model", "node"):
    dump.append(call("globex", "GET", f"/v1/usage?by={grouping}", raw=True)[1])
dump.append(call("globex", "GET", "/v1/approvals", raw=True)[1])
dump = "\n".join(dump)
phrases = []
for name in os.listdir(ACME_DOCS):
    for line in open(os.path.join(ACME_DOCS, name)):
        line = line.strip().lstrip("#").strip()
        if len(line) > 25:
            phrases.append(line[:40])
leaks = [p for p in phrases if p in dump] + ([runs["acme"]] if runs["acme"] in dump else [])
print(f"  checked {len(phrases)} acme passages and acme's run id against {len(dump)} bytes globex can read")
if leaks:
    print("LEAK:", leaks[:5])
    sys.exit(1)
print("  isolation holds: nothing of acme's in globex's runs, artifacts, events, usage or approvals")
