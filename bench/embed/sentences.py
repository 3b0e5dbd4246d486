#!/usr/bin/env python3
"""Writes the benchmark's sentences as JSONL ({"text": ...} per line): the first N sentences (default 1,000)
of SciFact abstracts, in corpus order, split at '. ' boundaries; sentences under 4 words are skipped."""
import json
import sys
from pathlib import Path

corpus = Path(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
out = []
with corpus.open() as f:
    for line in f:
        doc = json.loads(line)
        for s in doc["text"].split(". "):
            s = s.strip()
            if len(s.split()) >= 4:
                out.append(s if s.endswith(".") else s + ".")
            if len(out) == count:
                break
        if len(out) == count:
            break
for s in out:
    print(json.dumps({"text": s}, ensure_ascii=False))
