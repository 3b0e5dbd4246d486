"""Greedy-decoding reference fixtures: llama.cpp's 64 greedy tokens for >= 20 raw prompts per model,
with the top-2 (id, logit) at every step.

Usage: bench/.venv-llama/bin/python scripts/reference/make_greedy_fixtures.py MODELS_DIR OUT_DIR [N_TOKENS]
(FIXTURE_MODELS="smollm2 gemma3-270m" limits the models; N_BATCH=1 evaluates the prompt one token at a time
and writes <model>.nbatch1.json instead.)
Writes OUT_DIR/<model>.json. The prompt is tokenized raw (no chat template) with BOS exactly as the GGUF
metadata says (llama-cpp-python's add_bos=True means "add special tokens as the model says": SmolLM2 adds
none, Gemma adds <bos>). The prompt is evaluated as one batch, then one token per step; the next token is the
argmax of the last logits (first index on ties). Generation does not stop at end-of-generation tokens; the
step of the first one is recorded as "eog_step" (null if none), so a test can compare up to it.
"""
import json
import os
import sys

# Passive OpenMP waits: with active spinning, llama.cpp's 2 threads crawl on a shared, oversubscribed machine
# (the results are the same; only the speed changes).
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import llama_cpp  # noqa: E402
import numpy as np  # noqa: E402
from llama_cpp import Llama  # noqa: E402

MODELS = {"smollm2": "smollm2-135m-instruct-q4_1.gguf", "gemma3-270m": "gemma-3-270m-q4_k_m.gguf"}

PROMPTS = [
    "The capital of France is",
    "Once upon a time, in a small village by the sea,",
    "def fibonacci(n):\n",
    "The three primary colors are",
    "Water boils at a temperature of",
    "Here is a list of fruits:\n1. Apple\n2.",
    "In 1969, Neil Armstrong",
    "The quick brown fox",
    "To make a cup of tea, first",
    "Python is a programming language that",
    "The largest planet in our solar system is",
    "import numpy as np\n\nx = np.array([1, 2, 3])\nprint(",
    "Dear Sir or Madam,\n\nI am writing to",
    "The meaning of life is",
    "Photosynthesis is the process by which",
    "SELECT name, age FROM users WHERE",
    "Q: What is 12 times 12?\nA:",
    "The French word for cat is",
    "My favorite season is autumn because",
    "Machine learning models are trained by",
    "The recipe calls for 2 cups of flour, 1 cup of sugar, and",
    "Le chat est assis sur",
    "<html>\n<head>\n<title>",
    "The history of the Roman Empire began",
]


def main() -> None:
    models_dir, out_dir = sys.argv[1], sys.argv[2]
    n_tokens = int(sys.argv[3]) if len(sys.argv) > 3 else 64
    os.makedirs(out_dir, exist_ok=True)
    only = os.environ.get("FIXTURE_MODELS", "").split()
    for name, file in MODELS.items():
        if only and name not in only:
            continue
        n_batch = int(os.environ.get("N_BATCH", "512"))
        settings = dict(n_ctx=512, n_batch=n_batch, n_ubatch=n_batch, n_threads=2, n_threads_batch=2, seed=1234,
                        logits_all=True)
        llm = Llama(model_path=os.path.join(models_dir, file), verbose=False, **settings)
        eog = {llm.token_eos()}
        cases = []
        for prompt in PROMPTS:
            ids = llm.tokenize(prompt.encode("utf-8"), add_bos=True, special=False)
            llm.reset()
            llm.eval(ids)
            generated, top2, eog_step = [], [], None
            for step in range(n_tokens):
                logits = np.asarray(llm.scores[llm.n_tokens - 1], dtype=np.float32)
                order = np.argsort(-logits, kind="stable")[:2]
                a, b = int(order[0]), int(order[1])
                top2.append([a, float(logits[a]), b, float(logits[b])])
                generated.append(a)
                if eog_step is None and (a in eog or llama_cpp.llama_vocab_is_eog(llm._model.vocab, a)):
                    eog_step = step
                llm.eval([a])
            text = llm.detokenize(generated).decode("utf-8", errors="replace")
            cases.append({"prompt": prompt, "prompt_ids": ids, "generated": generated, "eog_step": eog_step,
                          "top2": top2, "text": text})
            print(f"{name}: {prompt[:40]!r} -> {text[:60]!r}", flush=True)
        doc = {
            "model": name, "gguf": file, "llama_cpp_python": llama_cpp.__version__,
            "settings": {**settings, "n_tokens": n_tokens, "sampling": "argmax of the last logits",
                         "prompt": "one batch, then one token per step", "kv_cache": "llama.cpp default (F16)",
                         "flash_attn": False},
            "top2_format": "[id1, logit1, id2, logit2] per step, id1 = the generated token",
            "cases": cases,
        }
        path = os.path.join(out_dir, f"{name}.json" if n_batch == 512 else f"{name}.nbatch{n_batch}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
            f.write("\n")
        print(f"{path}: {len(cases)} prompts")


if __name__ == "__main__":
    main()
