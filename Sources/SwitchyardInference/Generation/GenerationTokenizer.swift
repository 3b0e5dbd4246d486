/// What generation needs from a tokenizer: prompt encoding, the bytes each token prints as, and which
/// tokens end a turn.
public protocol GenerationTokenizer: Sendable {
    /// Encodes `text`, parsing special tokens written in it; adds BOS/EOS exactly as the model's metadata
    /// says when `addSpecial` is true.
    ///
    /// - Parameters:
    ///   - text: The prompt text.
    ///   - addSpecial: Whether to add BOS/EOS.
    /// - Throws: `SwitchyardError` when the text cannot be encoded.
    func encodePrompt(_ text: String, addSpecial: Bool) throws -> [Int32]
    /// The bytes `token` prints as (may be part of a UTF-8 sequence; empty for control tokens).
    ///
    /// - Parameter token: A token id.
    func pieceBytes(_ token: Int32) -> [UInt8]
    /// Tokens that end generation (EOS, end-of-turn).
    var stopTokens: Set<Int32> { get }
    /// Every token's bytes as a trie for constrained decoding (`size` = the logits' length). Implementations
    /// should build it once and cache it; the default builds a new one each call.
    ///
    /// - Parameter size: The number of tokens (the logits' length).
    func constraintVocabulary(size: Int) -> TokenVocabulary
}

extension GenerationTokenizer {
    public func constraintVocabulary(size: Int) -> TokenVocabulary {
        TokenVocabulary(tokenizer: self, size: size)
    }
}
