"""Dumps llama.cpp's intermediate f32 tensors (embeddings, norms, Q/K/V, attention output, FFN, layer outputs…)
for one token sequence, to compare the engine's numerics with llama.cpp's operation by operation.

Usage: bench/.venv-llama/bin/python scripts/reference/dump_llama_tensors.py MODEL.gguf '[ids]' OUT_DIR [N_BATCH]
Writes OUT_DIR/<tensor name>.<k>.f32 (raw little-endian float32, k = 0, 1, … for repeated names) for every
contiguous F32 graph tensor, and OUT_DIR/index.json ([name, k, ne] in evaluation order). N_BATCH (default 512)
is llama.cpp's batch size: 1 evaluates the sequence one token at a time (llama.cpp's kernels depend on it).
Settings as the greedy fixtures: n_ctx 512, 2 threads, F16 KV cache, no flash attention.
"""
import ctypes
import json
import os
import sys

os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import llama_cpp  # noqa: E402
import numpy as np  # noqa: E402
from llama_cpp import llama_cpp as L  # noqa: E402

GGML_TYPE_F32 = 0

base = ctypes.CDLL(os.path.join(os.path.dirname(llama_cpp.__file__), "lib", "libggml-base.so"))
base.ggml_get_name.restype = ctypes.c_char_p
base.ggml_get_name.argtypes = [ctypes.c_void_p]
base.ggml_nbytes.restype = ctypes.c_size_t
base.ggml_nbytes.argtypes = [ctypes.c_void_p]
base.ggml_is_contiguous.restype = ctypes.c_bool
base.ggml_is_contiguous.argtypes = [ctypes.c_void_p]
base.ggml_get_data.restype = ctypes.c_void_p
base.ggml_get_data.argtypes = [ctypes.c_void_p]


def main() -> None:
    model_path, ids, out = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
    n_batch = int(sys.argv[4]) if len(sys.argv) > 4 else 512
    os.makedirs(out, exist_ok=True)
    index = []

    @ctypes.CFUNCTYPE(ctypes.c_bool, ctypes.c_void_p, ctypes.c_bool, ctypes.c_void_p)
    def observe(t, ask, _):
        if ask:
            return True  # we want every tensor
        # struct ggml_tensor starts with `enum ggml_type type; ggml_backend_buffer * buffer; int64_t ne[4]`
        if ctypes.c_int.from_address(t).value != GGML_TYPE_F32 or not base.ggml_is_contiguous(t):
            return True
        name = base.ggml_get_name(t).decode()
        ne = list((ctypes.c_int64 * 4).from_address(t + 16))
        n = base.ggml_nbytes(t) // 4
        data = np.ctypeslib.as_array((ctypes.c_float * n).from_address(base.ggml_get_data(t))).copy()
        stem = name.replace("/", "_")
        k = sum(1 for e in index if e[0] == name)
        data.tofile(os.path.join(out, f"{stem}.{k}.f32"))
        index.append([name, k, ne])
        return True

    L.llama_backend_init()
    model = L.llama_model_load_from_file(model_path.encode(), L.llama_model_default_params())
    cp = L.llama_context_default_params()
    cp.n_ctx, cp.n_batch, cp.n_ubatch = 512, n_batch, n_batch
    cp.n_threads = cp.n_threads_batch = 2
    cp.flash_attn_type = L.LLAMA_FLASH_ATTN_TYPE_DISABLED
    cp.cb_eval = observe
    cp.cb_eval_user_data = None
    ctx = L.llama_init_from_model(model, cp)
    for start in range(0, len(ids), n_batch):
        chunk = ids[start:start + n_batch]
        batch = L.llama_batch_init(len(chunk), 0, 1)
        batch.n_tokens = len(chunk)
        for j, tok in enumerate(chunk):
            batch.token[j], batch.pos[j], batch.n_seq_id[j], batch.logits[j] = tok, start + j, 1, 1
            batch.seq_id[j][0] = 0
        if L.llama_decode(ctx, batch) != 0:
            raise SystemExit("llama_decode failed")
        L.llama_batch_free(batch)
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump(index, f)
    print(f"{out}: {len(index)} tensors")


if __name__ == "__main__":
    main()
