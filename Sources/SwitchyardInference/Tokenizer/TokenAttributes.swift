/// What kind of token a vocabulary entry is, from GGUF `tokenizer.ggml.token_type`.
///
/// The GGUF values are 1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte (llama.cpp
/// `llama_token_type`). Control and unknown tokens are "special": they are matched in text only when the
/// caller asks to parse special tokens, and they decode to nothing unless special output is requested.
/// User-defined tokens are always matched as whole tokens in text (as llama.cpp does) and decode verbatim.
public struct TokenAttributes: OptionSet, Sendable, Hashable {
    /// The bit set.
    public let rawValue: UInt8
    /// Attributes from their bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// An ordinary vocabulary entry.
    public static let normal = TokenAttributes(rawValue: 1 << 0)
    /// The unknown token.
    public static let unknown = TokenAttributes(rawValue: 1 << 1)
    /// A control token such as `<|im_start|>` or `<bos>`.
    public static let control = TokenAttributes(rawValue: 1 << 2)
    /// A user-defined token, matched verbatim in text (Gemma's newline and space runs).
    public static let userDefined = TokenAttributes(rawValue: 1 << 3)
    /// An unused slot; never produced by encoding, decodes to nothing.
    public static let unused = TokenAttributes(rawValue: 1 << 4)
    /// A byte-fallback token `<0xNN>` (SentencePiece vocabularies).
    public static let byte = TokenAttributes(rawValue: 1 << 5)

    /// The attributes for a GGUF `tokenizer.ggml.token_type` value; unknown values give an empty set
    /// (llama.cpp's "undefined"), which is never matched and decodes to nothing.
    ///
    /// - Parameter ggufTokenType: The `tokenizer.ggml.token_type` value.
    public init(ggufTokenType: Int) {
        switch ggufTokenType {
        case 1: self = .normal
        case 2: self = .unknown
        case 3: self = .control
        case 4: self = .userDefined
        case 5: self = .unused
        case 6: self = .byte
        default: self = []
        }
    }

    /// Tokens that are suppressed in decoded text unless special output is requested.
    public static let special: TokenAttributes = [.control, .unknown]
}
