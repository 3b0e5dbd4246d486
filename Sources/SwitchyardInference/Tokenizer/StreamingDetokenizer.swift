/// Turns generated tokens into text one token at a time, yielding only complete UTF-8.
///
/// A character may be split across tokens (byte-level BPE and `<0xNN>` byte fallback both do this for
/// emoji and CJK); the bytes of an unfinished character are held back until the token that completes it
/// arrives. Invalid sequences are replaced by U+FFFD once they cannot become valid.
///
/// ```swift
/// var detok = StreamingDetokenizer(tokenizer: tokenizer)
/// for id in generated { print(detok.append(id), terminator: "") }
/// print(detok.finish())
/// ```
public struct StreamingDetokenizer: Sendable {
    /// The tokenizer whose pieces are decoded.
    public let tokenizer: Tokenizer
    /// Whether control tokens are rendered.
    public let special: Bool
    private var pending: [UInt8] = []

    /// A detokenizer over `tokenizer`'s pieces; `special` renders control tokens too.
    ///
    /// - Parameters:
    ///   - tokenizer: The model's tokenizer.
    ///   - special: Whether control tokens are rendered.
    public init(tokenizer: Tokenizer, special: Bool = false) {
        self.tokenizer = tokenizer
        self.special = special
    }

    /// Adds a token; returns the text that is now complete (possibly empty).
    ///
    /// - Parameter id: The next token.
    public mutating func append(_ id: Int32) -> String {
        tokenizer.appendPiece(id, special: special, to: &pending)
        return drainComplete()
    }

    /// Adds raw bytes; returns the text that is now complete (possibly empty).
    ///
    /// - Parameter bytes: The next bytes.
    public mutating func append(bytes: some Sequence<UInt8>) -> String {
        pending += bytes
        return drainComplete()
    }

    /// Returns what is left (an unfinished character becomes U+FFFD) and resets the buffer.
    public mutating func finish() -> String {
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// The number of bytes held back as the start of an unfinished character.
    public var pendingByteCount: Int { pending.count }

    private mutating func drainComplete() -> String {
        let cut = Self.completePrefixLength(pending)
        guard cut > 0 else { return "" }
        let text = String(decoding: pending[..<cut], as: UTF8.self)
        pending.removeFirst(cut)
        return text
    }

    /// The length of the longest prefix that does not end inside a character that could still be completed:
    /// a trailing lead byte followed by fewer continuation bytes than it announces is held back.
    static func completePrefixLength(_ b: [UInt8]) -> Int {
        let n = b.count
        // Look back at most 3 bytes for the lead byte of the last character.
        var i = n - 1
        var continuation = 0
        while i >= 0 && continuation < 3 && b[i] & 0xC0 == 0x80 {
            continuation += 1
            i -= 1
        }
        guard i >= 0 else { return n }  // only continuation bytes: invalid, flush them
        let lead = b[i]
        let need: Int
        switch lead {
        case 0xC2...0xDF: need = 1
        case 0xE0...0xEF: need = 2
        case 0xF0...0xF4: need = 3
        default: return n  // ASCII or an invalid lead: nothing can complete it
        }
        return continuation < need ? i : n
    }
}
