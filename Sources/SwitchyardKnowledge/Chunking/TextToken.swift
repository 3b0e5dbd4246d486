/// A word or punctuation mark of a text, with its Unicode-scalar span: what the chunker and the keyword
/// analyzer both walk.
///
/// The split follows BERT's basic tokenizer (Devlin et al. 2019; `BasicTokenizer` in google-research/bert
/// `tokenization.py`): whitespace separates, every punctuation or symbol scalar is a token of its own, a run of
/// letters, digits and marks is a word, and each CJK ideograph is a word of its own.
public struct TextToken: Sendable, Hashable {
    /// First scalar (inclusive).
    public var start: Int
    /// Last scalar (exclusive).
    public var end: Int
    /// Whether the token is letters/digits (a word) rather than punctuation.
    public var isWord: Bool

    /// The tokens of `scalars`, in order.
    ///
    /// - Parameter scalars: The text's Unicode scalars.
    public static func split(_ scalars: [Unicode.Scalar]) -> [TextToken] {
        var tokens: [TextToken] = []
        tokens.reserveCapacity(scalars.count / 5)
        var i = 0
        let n = scalars.count
        while i < n {
            let s = scalars[i]
            if s.properties.isWhitespace || s.value < 0x20 {
                i += 1
            } else if isWordScalar(s) && !isCJK(s) {
                let start = i
                i += 1
                while i < n, isWordScalar(scalars[i]), !isCJK(scalars[i]) { i += 1 }
                tokens.append(TextToken(start: start, end: i, isWord: true))
            } else {
                tokens.append(TextToken(start: i, end: i + 1, isWord: isWordScalar(s)))
                i += 1
            }
        }
        return tokens
    }

    @inline(__always)
    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122)
        }
        let p = s.properties
        return p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark
    }

    @inline(__always)
    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }
}
