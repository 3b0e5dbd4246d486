"""Pre-tokenizer reference fixtures: the pieces the original Hugging Face regexes cut test strings into,
with PyPI `regex` (which knows \\p{L}/\\p{N}). Checks the hand-written scanners for pre-tokenizers the shipped
models do not use (llama3, qwen2, gpt2, default) as well as smollm, without needing those models.

Usage: bench/.venv-llama/bin/python scripts/reference/make_pretokenizer_fixtures.py OUT_DIR
Writes OUT_DIR/pretokenizer.json: {"texts": [...], "pieces": {"<name>": [[byte length of each piece]] per text}}.
Strings avoid U+001C..U+001F, which `regex`'s \\s matches but llama.cpp's whitespace set does not, and code
points unassigned in Python's unicodedata (`regex` may use a newer Unicode version that assigns them).
"""
import json
import os
import random
import sys

import unicodedata

import regex

sys.path.insert(0, os.path.dirname(__file__))
from tokenizer_strings import strings  # noqa: E402

GPT2 = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"
LLAMA3 = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
QWEN2 = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
STAGES = {
    "gpt-2": [GPT2],
    "smollm": [r"\p{N}", GPT2],
    "llama-bpe": [LLAMA3],
    "qwen2": [QWEN2],
    "default": [r"[\p{P}\$\+<=>\^~\|]+", GPT2, r"\p{N}+", r"[0-9][0-9][0-9]"],
}


def split(pieces: list[str], pattern: str) -> list[str]:
    out = []
    for p in pieces:
        pos = 0
        for m in regex.finditer(pattern, p):
            if m.start() > pos:
                out.append(p[pos:m.start()])
            if m.end() > m.start():
                out.append(m.group())
            pos = m.end()
        if pos < len(p):
            out.append(p[pos:])
    return out


def main() -> None:
    out_dir = sys.argv[1]
    texts = [t for t in strings(1100, seed=7)
             if not any(0x1C <= ord(c) <= 0x1F or unicodedata.category(c) == "Cn" for c in t)]
    rng = random.Random(3)
    extra = ["'S 'T 'RE 'Ve 'LL", "12345678 1234 12", "a\r\n\r\n b", "  \n  x", "x  \r\n", "!!\n\n", " ?!\r\n",
             "".join(rng.choice(["a", "1", " ", "\n", "\r", "'", "s", "!", "\t", "é", "٣"]) for _ in range(300))]
    doc = {"texts": texts + extra, "pieces": {}}
    for name, stages in STAGES.items():
        cases = []
        for t in texts + extra:
            pieces = [t] if t else []
            for s in stages:
                pieces = split(pieces, s)
            assert "".join(pieces) == t
            cases.append([len(p.encode("utf-8")) for p in pieces])
        doc["pieces"][name] = cases
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "pretokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"{out_dir}/pretokenizer.json: {len(texts) + len(extra)} strings x {len(STAGES)} pre-tokenizers")


if __name__ == "__main__":
    main()
