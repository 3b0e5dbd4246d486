"""llama.cpp's continuous batching, the way llama-server runs it with --parallel N: one llama_context with N
sequences and a unified KV cache; every step is one llama_decode over a decode token of every running sequence
plus prompt tokens up to n_batch. Driven through llama-cpp-python's low-level API (the bindings the project
already installs, scripts/install-llama-cpp), so there is no HTTP in the measured path on either side.

usage: llama_batched.py MODEL PROMPTS_JSON THREADS NEW_TOKENS STREAMS[,STREAMS...]
Prints one JSON object per stream count (same fields as SwitchyardServingBench): the best of REPEATS (3) runs.
"""
import json
import os
import sys
import time

import llama_cpp as L
import numpy as np

N_BATCH = 512


_QUIET = L.llama_log_callback(lambda level, text, data: None)  # kept referenced: llama.cpp holds the pointer


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))] if s else 0.0


def run(model, n_vocab, prompts, threads, new_tokens):
    n = len(prompts)
    cp = L.llama_context_default_params()
    cp.n_ctx = n * (max(len(p) for p in prompts) + new_tokens + 16)
    cp.n_batch = N_BATCH
    cp.n_ubatch = N_BATCH
    cp.n_seq_max = n
    cp.n_threads = threads
    cp.n_threads_batch = threads
    cp.kv_unified = True  # llama-server's default with several slots
    ctx = L.llama_init_from_model(model, cp)
    batch = L.llama_batch_init(max(N_BATCH, n), 0, 1)
    evaluated = [0] * n
    pending = [None] * n
    generated = [0] * n
    first = [None] * n
    t0 = time.perf_counter()
    while any(g < new_tokens for g in generated):
        batch.n_tokens = 0
        rows = []

        def add(token, pos, seq, logits):
            i = batch.n_tokens
            batch.token[i] = token
            batch.pos[i] = pos
            batch.n_seq_id[i] = 1
            batch.seq_id[i][0] = seq
            batch.logits[i] = 1 if logits else 0
            batch.n_tokens = i + 1
            return i

        for s in range(n):
            if pending[s] is not None and generated[s] < new_tokens:
                rows.append((s, add(pending[s], evaluated[s], s, True)))
                evaluated[s] += 1
        for s in range(n):
            p = prompts[s]
            while evaluated[s] < len(p) and batch.n_tokens < N_BATCH:
                last = evaluated[s] == len(p) - 1
                i = add(p[evaluated[s]], evaluated[s], s, last)
                evaluated[s] += 1
                if last:
                    rows.append((s, i))
        if L.llama_decode(ctx, batch) != 0:
            raise SystemExit("llama_decode failed")
        now = time.perf_counter()
        for s, i in rows:
            logits = np.ctypeslib.as_array(L.llama_get_logits_ith(ctx, i), shape=(n_vocab,))
            pending[s] = int(np.argmax(logits))
            generated[s] += 1
            if first[s] is None:
                first[s] = now - t0
            if generated[s] >= new_tokens:
                pending[s] = None
    wall = time.perf_counter() - t0
    L.llama_batch_free(batch)
    L.llama_free(ctx)
    ttft = [f * 1000 for f in first]
    total = sum(generated)
    return {"engine": "llama.cpp-batched", "streams": n, "prompt_tokens": len(prompts[0]), "new_tokens": new_tokens,
            "generated": total, "wall_s": wall, "tokens_per_s": total / wall,
            "ttft_p50_ms": percentile(ttft, 0.5), "ttft_p99_ms": percentile(ttft, 0.99)}


def main():
    path, prompts_file, threads, new_tokens, streams = sys.argv[1:6]
    prompts = json.load(open(prompts_file))
    L.llama_log_set(_QUIET, None)
    L.llama_backend_init()
    model = L.llama_model_load_from_file(path.encode(), L.llama_model_default_params())
    n_vocab = L.llama_vocab_n_tokens(L.llama_model_get_vocab(model))
    run(model, n_vocab, prompts[:1], int(threads), 8)  # warm-up: page the weights in
    repeats = int(os.environ.get("REPEATS", "3"))
    for n in [int(x) for x in streams.split(",")]:
        runs = [run(model, n_vocab, prompts[:n], int(threads), int(new_tokens)) for _ in range(repeats)]
        print(json.dumps(max(runs, key=lambda r: r["tokens_per_s"])), flush=True)
    L.llama_model_free(model)


if __name__ == "__main__":
    main()
