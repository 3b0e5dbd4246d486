import SwitchyardCore

extension TokenizerSpec {
    /// The tokenizer spec stored in a GGUF file's `tokenizer.*` metadata.
    ///
    /// Defaults follow llama.cpp (`llama-vocab.cpp`, `load`) when a key is absent: SentencePiece adds BOS
    /// and a space prefix, byte-level BPE adds neither; the pre-tokenizer defaults to `default`.
    /// Throws `tokenizer_metadata_invalid` when the vocabulary is missing or inconsistent.
    ///
    /// - Parameter gguf: The model file.
    /// - Throws: `SwitchyardError` with code `tokenizer_metadata_invalid`.
    public init(gguf: GGUFFile) throws {
        func invalid(_ what: String) -> SwitchyardError {
            SwitchyardError(
                code: .tokenizerMetadataInvalid,
                message: "GGUF file '\(gguf.file.origin)': \(what); the file does not carry a usable tokenizer.")
        }
        guard let modelName = gguf.string("tokenizer.ggml.model") else {
            throw invalid("metadata key 'tokenizer.ggml.model' is missing")
        }
        guard let tokens = gguf.stringArray("tokenizer.ggml.tokens"), !tokens.isEmpty else {
            throw invalid("metadata key 'tokenizer.ggml.tokens' is missing or empty")
        }
        let model = Model(modelName)
        let isSPM = model == .sentencePiece
        let types = gguf.intArray("tokenizer.ggml.token_type") ?? []
        if !types.isEmpty && types.count != tokens.count {
            throw invalid("'tokenizer.ggml.token_type' has \(types.count) entries for \(tokens.count) tokens")
        }
        let scores = gguf.floatArray("tokenizer.ggml.scores") ?? []
        if !scores.isEmpty && scores.count != tokens.count {
            throw invalid("'tokenizer.ggml.scores' has \(scores.count) entries for \(tokens.count) tokens")
        }
        func id(_ key: String) -> Int32? {
            guard let v = gguf.int("tokenizer.ggml.\(key)"), v >= 0, v < tokens.count else { return nil }
            return Int32(v)
        }
        self.init(
            model: model,
            preTokenizer: gguf.string("tokenizer.ggml.pre") ?? "default",
            tokens: tokens,
            scores: scores,
            attributes: types.map(TokenAttributes.init(ggufTokenType:)),
            merges: gguf.stringArray("tokenizer.ggml.merges") ?? [],
            bosID: id("bos_token_id"),
            eosID: id("eos_token_id"),
            unknownID: id("unknown_token_id"),
            paddingID: id("padding_token_id"),
            addBOS: gguf.bool("tokenizer.ggml.add_bos_token") ?? isSPM,
            addEOS: gguf.bool("tokenizer.ggml.add_eos_token") ?? false,
            addSpacePrefix: gguf.bool("tokenizer.ggml.add_space_prefix") ?? isSPM,
            chatTemplate: gguf.string("tokenizer.chat_template"))
    }
}
