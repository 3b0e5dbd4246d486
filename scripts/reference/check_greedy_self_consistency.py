"""How closely llama.cpp agrees with its own greedy fixture when only the prompt batch size changes.

Usage: bench/.venv-llama/bin/python scripts/reference/check_greedy_self_consistency.py MODEL_NAME [N_BATCH]
(MODEL_NAME: smollm2 or gemma3-270m; N_BATCH default 1 = prompt evaluated one token at a time.)
Re-runs the prompts of Fixtures/greedy/<model>.json with the same settings except n_batch/n_ubatch and prints
how many of the 64-token continuations are identical, with the first divergent step and llama.cpp's top-2 gap
there. This is the noise floor an independent engine is judged against.
"""
import json
import os
import sys

os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import numpy as np  # noqa: E402
from llama_cpp import Llama  # noqa: E402

FILES = {"smollm2": "smollm2-135m-instruct-q4_1.gguf", "gemma3-270m": "gemma-3-270m-q4_k_m.gguf"}


def main() -> None:
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    name = sys.argv[1]
    n_batch = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    fx = json.load(open(os.path.join(root, f"Tests/SwitchyardInferenceTests/Fixtures/greedy/{name}.json")))
    llm = Llama(model_path=os.path.join(root, "models", FILES[name]), n_ctx=512, n_batch=n_batch, n_ubatch=n_batch,
                n_threads=2, n_threads_batch=2, seed=1234, logits_all=True, verbose=False)
    exact, diverged = 0, []
    for c in fx["cases"]:
        llm.reset()
        llm.eval(c["prompt_ids"])
        div = None
        for step, want in enumerate(c["generated"]):
            a = int(np.argmax(np.asarray(llm.scores[llm.n_tokens - 1], dtype=np.float32)))
            if a != want:
                div = step
                break
            llm.eval([a])
        if div is None:
            exact += 1
        else:
            gap = c["top2"][div][1] - c["top2"][div][3]
            diverged.append(f"{c['prompt'][:24]!r}: step {div}, fixture top-2 gap {gap:.3f}")
    print(f"{name}, n_batch {n_batch}: {exact}/{len(fx['cases'])} identical to the n_batch 512 fixture")
    for d in diverged:
        print("  " + d)


if __name__ == "__main__":
    main()
