"""Tokenizer reference fixtures: llama.cpp's token ids for every test string, for each model.

Usage: bench/.venv-llama/bin/python scripts/reference/make_tokenizer_fixtures.py MODELS_DIR OUT_DIR
Writes OUT_DIR/<model>.json: {"model", "gguf", "llama_cpp_python", "add_special", "cases": [{"text", "ids",
"ids_special", "decoded"?}]}; "ids_special" is the same call with special=True (control-token text parsed). "decoded" (llama-cpp-python's detokenize of the ids, special=False) is present only when it
differs from "text" (it drops one leading space after BOS); when it is not valid UTF-8 it is replaced by
"decoded_invalid": true.
"""
import json
import os
import sys

import llama_cpp
from llama_cpp import Llama

sys.path.insert(0, os.path.dirname(__file__))
from tokenizer_strings import strings  # noqa: E402

MODELS = {"smollm2": "smollm2-135m-instruct-q4_1.gguf", "gemma3-270m": "gemma-3-270m-q4_k_m.gguf"}


def main() -> None:
    models_dir, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    texts = strings()
    for name, file in MODELS.items():
        llm = Llama(model_path=os.path.join(models_dir, file), vocab_only=True, verbose=False)
        cases = []
        for t in texts:
            ids = llm.tokenize(t.encode("utf-8"), add_bos=True, special=False)
            case = {"text": t, "ids": ids,
                    "ids_special": llm.tokenize(t.encode("utf-8"), add_bos=True, special=True)}
            dec = llm.detokenize(ids, special=False)
            if dec != t.encode("utf-8"):
                try:
                    case["decoded"] = dec.decode("utf-8")
                except UnicodeDecodeError:
                    case["decoded_invalid"] = True
            cases.append(case)
        doc = {
            "model": name,
            "gguf": file,
            "llama_cpp_python": llama_cpp.__version__,
            "call": "Llama(model_path, vocab_only=True).tokenize(text.encode('utf-8'), add_bos=True, special=False)",
            "call_special": "the same with special=True",
            "add_special": True,
            "cases": cases,
        }
        path = os.path.join(out_dir, f"{name}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
            f.write("\n")
        print(f"{path}: {len(cases)} strings, {sum(len(c['ids']) for c in cases)} tokens")


if __name__ == "__main__":
    main()
