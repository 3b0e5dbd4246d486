"""llama.cpp's code point classes (letter / number / punctuation), as ranges, for the tokenizer's Unicode test.

Usage: python3 scripts/reference/make_unicode_fixture.py UNICODE_DATA_CPP OUT_JSON
UNICODE_DATA_CPP is vendor/llama.cpp/src/unicode-data.cpp from the llama-cpp-python sdist the reference was built
from (`pip download --no-deps --no-binary :all: llama-cpp-python==0.3.36`, then untar). Writes
[[first, end (exclusive), flags]] with flags 2 = \\p{N}, 4 = \\p{L}, 32 = \\p{P}, merged where equal.
"""
import json
import re
import sys


def main() -> None:
    src = open(sys.argv[1], encoding="utf-8").read()
    body = re.search(r"unicode_ranges_flags = \{(.*?)\};", src, re.S).group(1)
    pairs = [(int(a, 16), int(b, 16)) for a, b in re.findall(r"\{0x([0-9A-Fa-f]+), 0x([0-9A-Fa-f]+)\}", body)]
    out: list[list[int]] = []
    for (start, flags), (end, _) in zip(pairs, pairs[1:]):
        f = flags & 0x26
        if out and out[-1][2] == f and out[-1][1] == start:
            out[-1][1] = end
        else:
            out.append([start, end, f])
    with open(sys.argv[2], "w") as fh:
        json.dump(out, fh, separators=(",", ":"))
        fh.write("\n")
    print(f"{sys.argv[2]}: {len(out)} ranges")


if __name__ == "__main__":
    main()
