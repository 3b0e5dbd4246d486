"""Driver for bench/inference/run. Each measurement runs in its own process so peak RSS is per engine."""
import json
import os
import resource
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODELS = {
    "smollm2": os.path.join(ROOT, "models", "smollm2-135m-instruct-q4_1.gguf"),
    "gemma3-270m": os.path.join(ROOT, "models", "gemma-3-270m-q4_k_m.gguf"),
}
THREADS = int(os.environ.get("THREADS", "2"))
DECODE = int(os.environ.get("DECODE_TOKENS", "64"))
REPEATS = int(os.environ.get("REPEATS", "3"))
LENGTHS = [16, 256]
TEXT = (
    "The history of computing is a story of abstraction layered upon abstraction. Early machines were "
    "programmed by rewiring panels; then came stored programs, assemblers, compilers, operating systems and "
    "networks. Each layer let people think about bigger problems while trusting the layer below. Today a "
    "small language model can run on a laptop, answer questions, summarise documents and write code, yet "
    "underneath it is still arithmetic on numbers stored in memory, moved through caches, and multiplied in "
    "vector registers. Understanding that stack, from the transistor to the transformer, is what lets an "
    "engineer make software fast: knowing where the bytes live, how far they travel, and how much work each "
    "one buys. In this benchmark we measure two engines on the same weights, the same prompt and the same "
    "number of threads, so that the only difference is the code that turns the weights into tokens. "
) * 4

LLAMA_CHILD = r"""
import json, sys, time, resource, numpy as np, llama_cpp
path, threads, decode, ids = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), json.loads(sys.argv[4])
llm = llama_cpp.Llama(model_path=path, n_ctx=1024, n_batch=512, n_ubatch=512, n_threads=threads,
                      n_threads_batch=threads, verbose=False)
n_vocab = llm.n_vocab()
def last_logits():
    ptr = llama_cpp.llama_get_logits_ith(llm._ctx.ctx, -1)
    return np.ctypeslib.as_array(ptr, shape=(n_vocab,))
llm.reset()
t0 = time.perf_counter(); llm.eval(ids); t1 = time.perf_counter()
tok = int(np.argmax(last_logits()))
t2 = time.perf_counter()
for _ in range(decode - 1):
    llm.eval([tok]); tok = int(np.argmax(last_logits()))
t3 = time.perf_counter()
print(json.dumps({"prefill": len(ids) / (t1 - t0), "decode": (decode - 1) / (t3 - t2)}))
"""


def tokenize(path, n):
    import llama_cpp
    llm = llama_cpp.Llama(model_path=path, n_ctx=64, vocab_only=True, verbose=False)
    ids = llm.tokenize(TEXT.encode(), add_bos=False, special=False)
    assert len(ids) >= n, len(ids)
    return ids[:n]


def run_child(cmd):
    """Runs cmd; returns (stdout, peak RSS of that process in MiB) using wait4's per-child rusage."""
    import tempfile
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        p = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0); err.seek(0)
        if p.returncode != 0:
            raise SystemExit(f"{cmd[0]} failed ({p.returncode}): {err.read()[-2000:]}")
        return out.read(), usage.ru_maxrss / 1024


def llama(path, ids):
    out, rss = run_child([sys.executable, "-c", LLAMA_CHILD, path, str(THREADS), str(DECODE), json.dumps(ids)])
    r = json.loads(out.strip().splitlines()[-1])
    r["rss_mib"] = rss  # includes the Python interpreter and numpy (~30-40 MiB)
    return r


def switchyard(path, ids):
    cmd = [os.environ["SWITCHYARD_BIN"], "generate", "--model", path, "--prompt-token-ids",
           ",".join(map(str, ids)), "--max-tokens", str(DECODE), "--temperature", "0", "--ignore-eos",
           "--threads", str(THREADS), "--json", "--quiet"]
    out, rss = run_child(cmd)
    r = json.loads(out.strip().splitlines()[-1])
    return {"prefill": r["prefill_tokens_per_s"], "decode": r["decode_tokens_per_s"], "rss_mib": rss}


def best(f, *a):
    runs = [f(*a) for _ in range(REPEATS)]
    return {"prefill": max(r["prefill"] for r in runs), "decode": max(r["decode"] for r in runs),
            "rss_mib": max(r["rss_mib"] for r in runs)}


def main():
    models = os.environ.get("MODELS", "smollm2 gemma3-270m").split()
    results = {}
    rows = []
    for name in models:
        path = MODELS[name]
        size_mib = os.path.getsize(path) / 2**20
        for n in LENGTHS:
            ids = tokenize(path, n)
            ours = best(switchyard, path, ids)
            ref = best(llama, path, ids)
            key = f"{name}_p{n}"
            results[key] = {"switchyard": ours, "llama_cpp": ref, "gguf_mib": round(size_mib, 1)}
            rows.append((name, n, ours, ref))
    print(f"threads={THREADS} decode_tokens={DECODE} repeats={REPEATS} (best of)")
    print(f"{'model':<12} {'prompt':>6} | {'prefill tok/s':>22} | {'decode tok/s':>22} | {'peak RSS MiB':>20}")
    print(f"{'':<12} {'':>6} | {'switchyard':>10} {'llama.cpp':>11} | {'switchyard':>10} {'llama.cpp':>11} | "
          f"{'switchyard':>9} {'llama.cpp':>10}")
    for name, n, o, r in rows:
        print(f"{name:<12} {n:>6} | {o['prefill']:>10.1f} {r['prefill']:>11.1f} | {o['decode']:>10.1f} "
              f"{r['decode']:>11.1f} | {o['rss_mib']:>9.1f} {r['rss_mib']:>10.1f}")
    out = {"threads": THREADS, "decode_tokens": DECODE, "results": results}
    k = "smollm2_p16"
    if k in results:
        out["ratio"] = round(results[k]["switchyard"]["decode"] / results[k]["llama_cpp"]["decode"], 3)
        out["prefill_ratio"] = round(results[k]["switchyard"]["prefill"] / results[k]["llama_cpp"]["prefill"], 3)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
