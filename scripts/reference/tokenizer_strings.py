"""The >= 1,000 test strings for the tokenizer fixtures: a hand-written list of hard cases plus
seeded random compositions (deterministic: same list on every run)."""
import random

HAND = [
    "", " ", "  ", "   ", "\t", "\n", "\n\n", "\n\n\n", "\r\n", " \n", "\n ", "\t\t\t", " \t \t", "a", "A", "1",
    "Hello", "Hello world", " Hello world", "Hello world ", "Hello  world", "Hello\tworld", "Hello\nworld",
    "Hello, world!", "HELLO WORLD", "hElLo WoRlD", "The quick brown fox jumps over the lazy dog.",
    "The capital of France is", "Once upon a time,", "I'm here", "I'M HERE", "you're", "we've", "she'll", "he'd",
    "it's", "IT'S", "'s", "'", "''", "don't stop-believing", "rock 'n' roll", "O'Reilly", "y'all'd've",
    "12345", "1234567890", "3.14159", "1,000,000", "-42", "+7", "2024-06-01", "12:30:45", "v1.2.3", "0x1F",
    "1e-10", "$100.00", "€50", "100%", "#1", "a1b2c3", "abc123def", "123abc", "  123", " 1 2 3 ", "007",
    "１２３", "٣٤٥", "१२३", "²³", "½ ¼", "Ⅻ", "①②③", "๑๒๓",
    "café", "naïve", "résumé", "Ångström", "Straße", "ﬁnance", "e\u0301", "n\u0303o", "Z\u0351\u036b\u0343",
    "日本語のテキスト", "中文文本测试", "한국어 텍스트", "こんにちは世界", "你好，世界！", "東京タワー",
    "Привет, мир!", "Γειά σου Κόσμε", "مرحبا بالعالم", "שלום עולם", "नमस्ते दुनिया", "สวัสดีชาวโลก",
    "Xin chào thế giới", "Ελληνικά", "ქართული", "Հայերեն", "ᏣᎳᎩ", "ᚠᛇᚻ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𝟘𝟙𝟚",
    "👍", "👍🏽", "👨‍👩‍👧‍👦", "👩‍💻", "🏳️‍🌈", "🇫🇷🇯🇵", "❤️", "🙂🙃😀", "🤖 robots", "a😀b", "😀 😀  😀",
    "\u200b", "a\u200bb", "\u200d", "\ufeffBOM", "\u00a0", "a\u00a0b", "\u3000", "a\u3000b", "\u2028", "\u0085",
    "\u2003em space", "a\u202fb", "\x0b\x0c", "\x00", "\x01\x02\x7f", "tab\tseparated\tvalues",
    "line1\nline2\r\nline3\rline4", "   leading", "trailing   ", "  both  ", "a   b    c     d",
    "a \t b", "\n\t\n\t", " \n \n ", "end.\n\n\nNew paragraph.", "\t\tindented code",
    "def f(x):\n    return x * 2\n", "for (int i = 0; i < n; ++i) {\n\tsum += a[i];\n}",
    "let xs = [1, 2, 3].map { $0 * 2 }", "SELECT * FROM users WHERE id = 42;", "<div class=\"a\">hi</div>",
    "{\"key\": \"value\", \"n\": [1, 2.5, null, true]}", "if a != b && c >= d || !e { }", "x+=1;y-=2;z*=3",
    "#include <stdio.h>", "// comment", "/* block */", "`code`", "```swift\nprint(1)\n```", "~/.bashrc",
    "https://example.com/path?q=1&r=2#frag", "user@example.com", "C:\\Windows\\System32", "a/b/c.txt",
    "foo_bar_baz", "fooBarBaz", "FooBarBaz", "FOO_BAR", "__init__", "snake_case_123", "kebab-case-name",
    "!!!", "???", "...", "---", "===", "***", "(((", ")))", "[]{}()", "<<>>", "@#$%^&*", "—", "–", "…", "«»",
    "“quoted”", "‘single’", "¿Qué?", "¡Hola!", "§¶†‡", "©®™", "°C", "±×÷", "∑∫∂√∞", "≤≥≠≈", "→←↑↓", "■□▲△",
    "┌─┐│└┘", "♠♣♥♦", "☃★☆", "✓✗", "⌘⌥⇧", "€£¥₹₿",
    "<|im_start|>", "<|im_end|>", "<|im_start|>user\nHi<|im_end|>", "<|endoftext|>", "<bos>", "<eos>",
    "<start_of_turn>user\nhello<end_of_turn>", "<pad>", "<unk>", "<mask>", "[multimodal]", "<start_of_image>",
    "<end_of_image>", "<0x41>", "<0xFF>", "<|fim_prefix|>", "<fim_prefix>", "<repo_name>", "</s>", "<s>",
    "▁", "▁▁", "a▁b", "Ġ", "Ċ", "ĠĠ", "Ã©", "\\n", "\\t", "\\u00e9",
    "a" * 100, "ab" * 60, " " * 40, "\n" * 40, "\t" * 20, "1" * 50, "😀" * 20, "日" * 50, "- " * 30,
    "The year 1984 had 365 days; 2024 had 366.", "Call 555-0123 or +1 (800) 555-0199.",
    "Version 10.15.7 (build 19H2)", "π ≈ 3.14159265358979", "E = mc²", "H₂O and CO₂",
    "Mixed: English, 日本語, Русский, العربية, 123, 😀!", "MiXeD CaSe WiTh 123 NuMbErS",
    "What's the weather like today?", "Translate to French: I love programming.",
    "Q: What is 2+2?\nA: 4", "- item one\n- item two\n  - nested", "1. first\n2. second\n3. third",
    "| a | b |\n|---|---|\n| 1 | 2 |", "# Heading\n\nSome *bold* and _italic_ text.",
]

WORDS = ("the of and to in is you that it he was for on are as with his they I at be this have from or one "
         "had by word but not what all were we when your can said there use an each which she do how their if "
         "will up other about out many then them these so some her would make like him into time has look two "
         "more write go see number no way could people my than first water been call who oil its now find long "
         "down day did get come made may part Swift tokenizer llama Gemma SmolLM quantization inference "
         "Hello World JSON HTTP API URL iPhone macOS Linux x86_64 ARM64 GPU CPU").split()
SCRIPTS = [
    (0x00C0, 0x024F), (0x0370, 0x03FF), (0x0400, 0x04FF), (0x0530, 0x058F), (0x05D0, 0x05EA), (0x0620, 0x064A),
    (0x0900, 0x097F), (0x0E01, 0x0E5B), (0x10A0, 0x10FF), (0x1100, 0x11FF), (0x3041, 0x3096), (0x30A1, 0x30FA),
    (0x4E00, 0x9FA5), (0xAC00, 0xD7A3), (0x2000, 0x206F), (0x2100, 0x214F), (0x2190, 0x21FF), (0x2200, 0x22FF),
    (0x2500, 0x257F), (0x25A0, 0x25FF), (0x2600, 0x26FF), (0x1F300, 0x1F5FF), (0x1F600, 0x1F64F),
    (0x1F680, 0x1F6C5), (0xFF01, 0xFF5E), (0x0300, 0x036F), (0x00A0, 0x00FF), (0x1D400, 0x1D7FF),
]
EMOJI = ["😀", "👍", "👍🏿", "👨‍👩‍👧", "🧑‍🚀", "🏳️‍⚧️", "❤️‍🔥", "🇺🇸", "🇩🇪", "✈️", "☕", "🍕", "🎉", "🔥", "💯", "🤔"]
WHITESPACE = [" ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", " \n", "\u00a0", "\u3000", "\u2009", "    ", "\t\t", "\n\n\n\n"]
PUNCT = list(".,;:!?'\"()[]{}<>-_=+*/\\|@#$%^&~`") + ["...", "--", "->", "=>", "::", "!=", "==", "'s", "'ll", "'T"]
SPECIAL = ["<|im_start|>", "<|im_end|>", "<bos>", "<eos>", "<start_of_turn>", "<end_of_turn>", "<unk>", "<pad>"]


def _fragment(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.30:
        w = rng.choice(WORDS)
        return rng.choice([w, w.lower(), w.upper(), w.capitalize()])
    if kind < 0.42:
        return "".join(rng.choice(WHITESPACE) for _ in range(rng.randint(1, 3)))
    if kind < 0.52:
        return str(rng.randint(0, 10 ** rng.randint(1, 12)))
    if kind < 0.64:
        return "".join(rng.choice(PUNCT) for _ in range(rng.randint(1, 3)))
    if kind < 0.84:
        lo, hi = rng.choice(SCRIPTS)
        chars = []
        for _ in range(rng.randint(1, 6)):
            c = rng.randint(lo, hi)
            if not (0xD800 <= c <= 0xDFFF):
                chars.append(chr(c))
        return "".join(chars)
    if kind < 0.94:
        return rng.choice(EMOJI)
    if kind < 0.97:
        return rng.choice(SPECIAL)
    return chr(rng.randint(0x20, 0x7E)) * rng.randint(2, 12)


def strings(count: int = 1100, seed: int = 20261125) -> list[str]:
    rng = random.Random(seed)
    out = list(HAND)
    while len(out) < count:
        n = rng.randint(1, 24)
        out.append("".join(_fragment(rng) for _ in range(n)))
    return out
