/// The engine's generation loop talks to the tokenizer through `GenerationTokenizer`.
///
/// Prompts are encoded as llama.cpp's CLI does: special tokens written in the text (`<|im_start|>`) are
/// parsed, BOS/EOS added exactly as the metadata says.
extension Tokenizer: GenerationTokenizer {
    public func encodePrompt(_ text: String, addSpecial: Bool) throws -> [Int32] {
        encode(text, addSpecial: addSpecial, parseSpecial: true)
    }

    public func pieceBytes(_ token: Int32) -> [UInt8] { piece(token) }

    public var stopTokens: Set<Int32> { endOfGenerationIDs }

    /// Built on first use and shared by every copy of this tokenizer (one per loaded model).
    ///
    /// - Parameter size: The number of tokens (the logits' length).
    public func constraintVocabulary(size: Int) -> TokenVocabulary {
        constraintCache.vocabulary(size: size) { TokenVocabulary(tokenizer: self, size: size) }
    }
}
