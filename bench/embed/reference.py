#!/usr/bin/env python3
"""sentence-transformers throughput on CPU for the embedding benchmark.

usage: reference.py SENTENCES.jsonl THREADS BATCH[,BATCH...]
Loads models/all-minilm-l6-v2 offline, warms up, then times model.encode over all sentences once per batch
size. Prints one JSON object: {"<batch>": sentences_per_second, ...}.
"""
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
path, threads, batches = sys.argv[1], int(sys.argv[2]), [int(b) for b in sys.argv[3].split(",")]

import torch  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402

torch.set_num_threads(threads)
torch.set_num_interop_threads(1)
root = Path(__file__).resolve().parents[2]
model_dir = Path(os.environ.get("SWITCHYARD_MODELS_DIR", root / "models")) / "all-minilm-l6-v2"
model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8") if line.strip()]
model.encode(texts[:64], batch_size=max(batches), show_progress_bar=False)  # warm-up
rates = {}
with torch.inference_mode():
    for b in batches:
        start = time.perf_counter()
        model.encode(texts, batch_size=b, show_progress_bar=False, convert_to_numpy=True)
        rates[str(b)] = len(texts) / (time.perf_counter() - start)
print(json.dumps(rates))
