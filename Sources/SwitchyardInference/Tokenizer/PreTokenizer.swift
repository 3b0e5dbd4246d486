import SwitchyardCore

/// Splits text into the pieces that byte-level BPE merges within ("words"), as the model's pre-tokenizer
/// regexes do (GGUF `tokenizer.ggml.pre`).
///
/// A pre-tokenizer is a list of stages applied in turn, each splitting every piece of the previous stage
/// further, with the same stage lists as llama.cpp (`llama-vocab.cpp`, `llm_tokenizer_bpe`):
/// - `smollm` (also `starcoder`, `refact`, `command-r`, `codeshell`, `exaone`, `minerva-7b`): every `\p{N}`
///   on its own, then the GPT-2 regex;
/// - `gpt-2` family: the GPT-2 regex
///   `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`;
/// - `llama-bpe` / `llama3` family: the Llama 3 regex (case-insensitive contractions, `\p{N}{1,3}`, newline
///   runs); `qwen2` family: the same with single digits;
/// - `default`: `[\p{P}$+<=>^~|]+`, then GPT-2, then `\p{N}+`, then `[0-9][0-9][0-9]`.
/// The regexes are hand-written scanners over scalars (no regex engine); they follow llama.cpp's custom
/// implementations in `unicode.cpp` (`unicode_regex_split_custom_gpt2` / `_llama3` / `_qwen2`).
struct PreTokenizer: Sendable {
    enum Stage: Sendable, Equatable {
        /// `\p{N}`: each number scalar is a piece.
        case eachNumber
        /// The GPT-2 regex.
        case gpt2
        /// The Llama 3 regex with `\p{N}{1,maxDigits}`.
        case llama3(maxDigits: Int)
        /// `[\p{P}\$\+<=>\^~\|]+`.
        case punctuationRuns
        /// `\p{N}+`.
        case numberRuns
        /// `[0-9][0-9][0-9]`.
        case asciiDigitTriples
    }

    let name: String
    let stages: [Stage]

    /// The pre-tokenizer for a GGUF `tokenizer.ggml.pre` name; throws `tokenizer_unsupported` for others.
    init(name: String) throws {
        self.name = name
        switch name {
        case "smollm", "starcoder", "refact", "command-r", "codeshell", "exaone", "minerva-7b":
            stages = [.eachNumber, .gpt2]
        case "gpt-2", "gpt2", "phi-2", "mpt", "olmo", "jina-v1-en", "jina-v2-code", "roberta-bpe", "jais",
            "trillion", "granite-docling":
            stages = [.gpt2]
        case "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2", "dbrx",
            "smaug-bpe":
            stages = [.llama3(maxDigits: 3)]
        case "qwen2", "deepseek-r1-qwen", "stablelm2", "megrez", "hunyuan":
            stages = [.llama3(maxDigits: 1)]
        case "default", "":
            stages = [.punctuationRuns, .gpt2, .numberRuns, .asciiDigitTriples]
        default:
            throw SwitchyardError(
                code: .tokenizerUnsupported,
                message: "pre-tokenizer '\(name)' (GGUF tokenizer.ggml.pre) is not supported; supported: smollm, "
                    + "gpt-2, llama-bpe/llama3, qwen2, default and their aliases.")
        }
    }

    /// Splits scalars `cps` (with their classes `cls`) into pieces; returns the end index of each piece,
    /// ascending, the last one being `cps.count` (empty for empty input).
    func split(_ cps: UnsafeBufferPointer<UInt32>, _ cls: UnsafeBufferPointer<CodepointClass>) -> [Int] {
        guard !cps.isEmpty else { return [] }
        var ends = [cps.count]
        var next: [Int] = []
        for stage in stages {
            next.removeAll(keepingCapacity: true)
            next.reserveCapacity(ends.count * 2)
            var start = 0
            for end in ends {
                var scanner = PieceScanner(cps: cps, cls: cls, start: start, end: end)
                switch stage {
                case .eachNumber: scanner.eachNumber(into: &next)
                case .gpt2: scanner.gpt2(into: &next)
                case .llama3(let maxDigits): scanner.llama3(maxDigits: maxDigits, into: &next)
                case .punctuationRuns: scanner.runs(of: PieceScanner.isDefaultPunctuation, into: &next)
                case .numberRuns: scanner.runs(of: { _, c in c.contains(.number) }, into: &next)
                case .asciiDigitTriples: scanner.asciiDigitTriples(into: &next)
                }
                start = end
            }
            swap(&ends, &next)
        }
        return ends
    }
}
