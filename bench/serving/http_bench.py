"""bench/serving's driver: N concurrent streamed chat completions against `switchyard serve` (the local provider on
the batch engine) and llama.cpp's own `llama-server --parallel N` (continuous batching), one server at a time, with
the same client, the same prompts, the same GGUF and the same thread count.

Every request is greedy (temperature 0), asks for exactly NEW tokens past the end-of-generation token
(`ignore_eos`, understood by both servers) and streams over HTTP (`/v1/chat/completions`, server-sent events).
The prompts are distinct per request (so no server reuses a cached prefix: they share only the 3-token template
head) and are made with llama-server's own template and tokenizer (`/apply-template`, `/tokenize`; without
llama-server in the run, with the usage of one-token answers) to be exactly PROMPT tokens; every answer's `usage` is checked: PROMPT prompt tokens and NEW completion tokens on both servers.

usage: http_bench.py --switchyard BIN --llama-server BIN --model GGUF [--streams 1,4,8,16] [--prompt 128]
                     [--new 128] [--threads 2] [--repeats 3] [--engines switchyard,llama-server]
Prints one JSON object per engine and stream count (the best of REPEATS rounds by aggregate tokens/s; each round
uses fresh prompts), in the fields report.py reads.
"""
import argparse
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

WORDS = (
    "time year people way day man thing woman life child world school state family student group country problem "
    "hand part place case week company system program question work government number night point home water room "
    "mother area money story fact month lot right study book eye job word business issue side kind head house "
    "service friend father power hour game line end member law car city community name president team minute idea "
    "kid body information back parent face others level office door health person art war history party result "
    "change morning reason research girl guy moment air teacher force education river garden window paper music "
    "table market light field bird stone glass tree road train ship island forest bridge horse apple winter summer"
).split()


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))] if s else 0.0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(port, path, body, headers=None, timeout=600):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request("POST", path, json.dumps(body), {"content-type": "application/json", **(headers or {})})
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    if resp.status != 200:
        raise RuntimeError(f"POST {path}: {resp.status} {data[:300]!r}")
    return json.loads(data)


class Server:
    """A server process on a free port, stopped on exit."""

    def __init__(self, argv, port, ready_path, headers, env=None, log_name="server"):
        self.port, self.headers = port, headers
        self.log = tempfile.NamedTemporaryFile(prefix=f"serving-{log_name}-", suffix=".log", delete=False)
        self.proc = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 300
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{argv[0]} exited ({self.proc.returncode}); log: {self.log.name}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", ready_path, headers=headers)
                if conn.getresponse().status == 200:
                    conn.close()
                    return
                conn.close()
            except OSError:
                pass
            time.sleep(0.2)
        self.proc.kill()
        raise RuntimeError(f"{argv[0]} not ready after 300 s; log: {self.log.name}")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.unlink(self.log.name)


def llama_server(args, slots):
    port = free_port()
    ctx = max(2048, slots * 2 * (args.prompt + args.new + 64))
    argv = [args.llama_server, "-m", args.model, "--host", "127.0.0.1", "--port", str(port), "-t", str(args.threads),
            "-tb", str(args.threads), "--parallel", str(slots), "--cont-batching", "-c", str(ctx)]
    return Server(argv, port, "/health", {}, log_name="llama-server")


def switchyard(args, slots, workdir):
    port = free_port()
    config = os.path.join(workdir, f"switchyard-{slots}.yaml")
    with open(config, "w") as f:
        f.write(
            f"providers:\n  local: {{kind: local, models_dir: {json.dumps(os.path.dirname(os.path.abspath(args.model)))}, "
            f"sessions: {slots}, threads: {args.threads}}}\n"
            f"models:\n  - {{name: bench, provider: local, model: {json.dumps(os.path.abspath(args.model))}, "
            f"context: 8192}}\nroutes:\n  default: [bench]\ncache: {{enabled: false}}\n")
    data = os.path.join(workdir, f"data-{slots}")
    argv = [args.switchyard, "serve", "--config", config, "--data-dir", data, "--host", "127.0.0.1", "--port",
            str(port), "--workers", "0", "--dev-tenant-header", "--log-level", "warning"]
    return Server(argv, port, "/v1/models", {"x-switchyard-tenant": "bench"}, log_name="switchyard")


def conversation(words):
    return [{"role": "system", "content": " ".join(words)}, {"role": "user", "content": "Continue."}]


def llama_counter(server):
    """Counts a conversation's tokens with llama-server's own template and tokenizer."""
    def count(messages):
        prompt = post(server.port, "/apply-template", {"messages": messages})["prompt"]
        return len(post(server.port, "/tokenize", {"content": prompt, "add_special": True,
                                                   "parse_special": True})["tokens"])
    return count


def usage_counter(server):
    """Counts a conversation's tokens as the usage of a one-token answer says (any OpenAI-compatible server)."""
    def count(messages):
        body = {"model": "bench", "messages": messages, "max_tokens": 1, "temperature": 0}
        return post(server.port, "/v1/chat/completions", body, server.headers)["usage"]["prompt_tokens"]
    return count


def make_prompts(count_tokens, count, target, seed=7):
    """`count` distinct conversations of exactly `target` tokens."""
    rng = random.Random(seed)
    out, size = [], target - 24
    for i in range(count):
        words = [f"Note {i}:"] + [rng.choice(WORDS) for _ in range(size)]
        n = count_tokens(conversation(words))
        tries = 0
        while n != target:
            tries += 1
            if tries > 200:
                raise RuntimeError(f"could not make a {target}-token prompt (at {n})")
            if n < target:
                words.append(rng.choice(WORDS))
            else:
                words.pop()
            n = count_tokens(conversation(words))
        size = len(words) - 1
        out.append(conversation(words))
    return out


def stream_one(port, headers, messages, new_tokens, barrier, result):
    body = json.dumps({"model": "bench", "messages": messages, "max_tokens": new_tokens, "temperature": 0,
                       "ignore_eos": True, "stream": True, "stream_options": {"include_usage": True}})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
    barrier.wait()
    sent = time.perf_counter()
    conn.request("POST", "/v1/chat/completions", body, {"content-type": "application/json", **headers})
    resp = conn.getresponse()
    if resp.status != 200:
        result.update(error=f"{resp.status} {resp.read()[:300]!r}", sent=sent, end=time.perf_counter())
        return
    first, text, usage, chunks = None, [], None, 0
    for raw in resp:
        line = raw.strip()
        if not line.startswith(b"data:"):
            continue
        data = line[5:].strip()
        if data == b"[DONE]":
            break
        event = json.loads(data)
        if "error" in event:
            result["error"] = str(event["error"])
            break
        for choice in event.get("choices") or []:
            piece = (choice.get("delta") or {}).get("content")
            if piece:
                chunks += 1
                text.append(piece)
                if first is None:
                    first = time.perf_counter()
        if event.get("usage"):
            usage = event["usage"]
    end = time.perf_counter()
    conn.close()
    result.update(sent=sent, first=first, end=end, text="".join(text), usage=usage, chunks=chunks)


def round_(server, prompts, new_tokens):
    n = len(prompts)
    barrier = threading.Barrier(n + 1)
    results = [{} for _ in range(n)]
    threads = [threading.Thread(target=stream_one, args=(server.port, server.headers, p, new_tokens, barrier, r))
               for p, r in zip(prompts, results)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return t0, results


def cpu_seconds(proc):
    """User + system CPU seconds a process has used (Linux /proc; None elsewhere)."""
    try:
        with open(f"/proc/{proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def measure(engine, server, prompt_sets, args):
    best, first_texts = None, None
    for prompts in prompt_sets:
        cpu0 = cpu_seconds(server.proc)
        t0, results = round_(server, prompts, args.new)
        cpu1 = cpu_seconds(server.proc)
        errors = [r["error"] for r in results if "error" in r]
        if errors:
            raise RuntimeError(f"{engine}: {errors[0]}")
        wall = max(r["end"] for r in results) - t0
        usage = [r["usage"] or {} for r in results]
        generated = sum(u.get("completion_tokens", 0) for u in usage)
        ttft = [(r["first"] - r["sent"]) * 1000 for r in results if r["first"] is not None]
        row = {"engine": engine, "streams": len(prompts), "prompt_tokens": args.prompt, "new_tokens": args.new,
               "generated": generated, "wall_s": wall, "tokens_per_s": generated / wall,
               "ttft_p50_ms": percentile(ttft, 0.5), "ttft_p99_ms": percentile(ttft, 0.99),
               # The server's CPU seconds for the round (all its threads): less sensitive to other processes'
               # load than wall time, though spin-waiting threads count too.
               "server_cpu_s": None if cpu0 is None or cpu1 is None else cpu1 - cpu0,
               "checked": all(u.get("completion_tokens") == args.new and u.get("prompt_tokens") == args.prompt
                              for u in usage),
               "usage_seen": sorted({(u.get("prompt_tokens"), u.get("completion_tokens")) for u in usage})}
        if first_texts is None:
            first_texts = [r["text"] for r in results]
        if best is None or row["tokens_per_s"] > best["tokens_per_s"]:
            best = row
    return best, first_texts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--switchyard", required=True)
    ap.add_argument("--llama-server", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--streams", default="1,4,8,16")
    ap.add_argument("--prompt", type=int, default=128)
    ap.add_argument("--new", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--engines", default="switchyard,llama-server")
    args = ap.parse_args()
    streams = [int(x) for x in args.streams.split(",")]
    engines = args.engines.split(",")
    workdir = tempfile.mkdtemp(prefix="serving-bench-")
    try:
        # llama-server's template and tokenizer make the prompts when it takes part; else a one-token answer's usage.
        maker = llama_server(args, 1) if "llama-server" in engines else switchyard(args, 1, workdir)
        try:
            counter = llama_counter(maker) if "llama-server" in engines else usage_counter(maker)
            prompts = make_prompts(counter, 1 + args.repeats * sum(streams), args.prompt)
        finally:
            maker.stop()
        warmup, at = prompts[0], 1
        sets = {}
        for n in streams:
            sets[n] = [prompts[at + r * n: at + (r + 1) * n] for r in range(args.repeats)]
            at += args.repeats * n
        texts = {}
        for engine in engines:
            for n in streams:
                server = switchyard(args, n, workdir) if engine == "switchyard" else llama_server(args, n)
                try:
                    round_(server, [warmup], 8)  # pages the weights in, warms the engine
                    row, texts[(engine, n)] = measure(engine, server, sets[n], args)
                finally:
                    server.stop()
                print(json.dumps(row), flush=True)
        if "switchyard" in engines and "llama-server" in engines:
            # How often the two servers' greedy answers to the first round's prompts agree (llama.cpp's kernels
            # depend on the batch, ours do not, so some answers part after a few tokens).
            for n in streams:
                a, b = texts[("switchyard", n)], texts[("llama-server", n)]
                same = sum(x == y for x, y in zip(a, b))
                print(json.dumps({"agreement": True, "streams": n, "same_text": same, "of": len(a)}), flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
