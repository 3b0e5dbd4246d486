"""Dequantization reference fixtures from PyPI `gguf`'s reference `gguf.quants.dequantize`.

Usage: bench/.venv-llama/bin/python scripts/reference/make_dequant_fixtures.py MODELS_DIR OUT_DIR [N]
For every tensor type in the two model files, the first N (default 4096; fewer if the tensor is smaller)
dequantized values of the first tensor of that type (file order) -> OUT_DIR/<model>.<tensor>.f32.
For the types the engine supports that neither file carries (F16, BF16, Q4_0, Q5_K) it writes seeded random
but well-formed raw blocks (finite f16 scales) -> OUT_DIR/synthetic.<type>.raw, and their dequantization ->
OUT_DIR/synthetic.<type>.f32. OUT_DIR/index.json lists every case (format in Fixtures/README.md).
"""
import json
import os
import sys

import gguf
import numpy as np
from gguf import GGMLQuantizationType as T
from gguf.quants import GGML_QUANT_SIZES, dequantize

MODELS = {"smollm2": "smollm2-135m-instruct-q4_1.gguf", "gemma3-270m": "gemma-3-270m-q4_k_m.gguf"}
SYNTHETIC = [T.F16, T.BF16, T.Q4_0, T.Q5_K]


def first_values(raw: np.ndarray, qtype: T, n: int) -> tuple[np.ndarray, int]:
    block, size = GGML_QUANT_SIZES[qtype]
    n_blocks = -(-n // block)
    data = raw.reshape(-1).view(np.uint8)[: n_blocks * size]
    values = dequantize(data, qtype).reshape(-1)[:n]
    return values.astype("<f4"), n_blocks * size


def synthetic_blocks(qtype: T, n: int, rng: np.random.Generator) -> np.ndarray:
    """Random raw bytes for n values of qtype whose f16 scale fields are finite and moderate."""
    block, size = GGML_QUANT_SIZES[qtype]
    n_blocks = n // block
    if qtype == T.F16:
        return rng.normal(0, 1, n).astype("<f2").view(np.uint8)
    if qtype == T.BF16:
        f = rng.normal(0, 1, n).astype("<f4").view("<u4")
        return (f >> 16).astype("<u2").view(np.uint8)
    raw = rng.integers(0, 256, size=(n_blocks, size), dtype=np.uint8)
    scales = rng.uniform(-0.05, 0.05, size=(n_blocks, 2)).astype("<f2").view(np.uint8)
    if qtype == T.Q4_0:  # d (f16) then 16 bytes of nibbles
        raw[:, 0:2] = scales[:, 0:2]
    elif qtype == T.Q5_K:  # d, dmin (f16), 12 bytes of 6-bit scales/mins, 32 bytes qh, 128 bytes qs
        raw[:, 0:4] = scales[:, 0:4]
    return raw.reshape(-1)


def main() -> None:
    models_dir, out_dir = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 4096
    os.makedirs(out_dir, exist_ok=True)
    cases = []
    for model, file in MODELS.items():
        reader = gguf.GGUFReader(os.path.join(models_dir, file))
        done = set()
        for t in reader.tensors:
            qtype = T(t.tensor_type)
            if qtype in done:
                continue
            done.add(qtype)
            count = min(n, int(t.n_elements))
            values, nbytes = first_values(np.asarray(t.data), qtype, count)
            name = f"{model}.{t.name}.f32"
            values.tofile(os.path.join(out_dir, name))
            cases.append({"type": qtype.name, "ggml_type": int(qtype), "model": model, "gguf": file,
                          "tensor": t.name, "count": count, "raw_bytes": nbytes, "expected": name, "raw": None})
            print(f"{name}: {qtype.name}, {count} values")
    rng = np.random.default_rng(20261125)
    for qtype in SYNTHETIC:
        block, size = GGML_QUANT_SIZES[qtype]
        count = (n // block) * block
        raw = synthetic_blocks(qtype, count, rng)
        values = dequantize(raw, qtype).reshape(-1).astype("<f4")
        assert np.all(np.isfinite(values)), qtype
        raw_name, exp_name = f"synthetic.{qtype.name}.raw", f"synthetic.{qtype.name}.f32"
        raw.tofile(os.path.join(out_dir, raw_name))
        values.tofile(os.path.join(out_dir, exp_name))
        cases.append({"type": qtype.name, "ggml_type": int(qtype), "model": None, "gguf": None, "tensor": None,
                      "count": count, "raw_bytes": int(raw.size), "expected": exp_name, "raw": raw_name})
        print(f"{exp_name}: {qtype.name}, {count} values (synthetic)")
    doc = {"gguf_python": "gguf " + getattr(gguf, "__version__", "0.19.0"),
           "reference": "gguf.quants.dequantize", "cases": cases}
    with open(os.path.join(out_dir, "index.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
