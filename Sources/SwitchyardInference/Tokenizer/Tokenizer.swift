import SwitchyardCore

/// Text ↔ token ids for a GGUF model, matching llama.cpp's tokenizer token for token.
///
/// Two algorithms, chosen by `tokenizer.ggml.model`: byte-level BPE with the model's pre-tokenizer (`gpt2`:
/// SmolLM2, Llama 3, Qwen2) and SentencePiece-style BPE with byte fallback (`llama`: Gemma). Immutable and
/// `Sendable`: build it once per model and share it across sessions.
///
/// ```swift
/// let tokenizer = try Tokenizer(gguf: GGUFFile(path: path))
/// let ids = tokenizer.encode("Hello")              // BOS/EOS added exactly as the metadata says
/// let text = tokenizer.decode(ids)                 // control tokens are left out
/// ```
public struct Tokenizer: Sendable {
    /// The algorithm.
    public let model: TokenizerSpec.Model
    /// Number of tokens in the vocabulary.
    public let vocabularySize: Int
    /// Beginning-of-sequence token, if the vocabulary has one.
    public let bosID: Int32?
    /// End-of-sequence token, if the vocabulary has one.
    public let eosID: Int32?
    /// Whether `encode(_:addSpecial:)` prepends BOS when `addSpecial` is true (from metadata).
    public let addBOS: Bool
    /// Whether `encode(_:addSpecial:)` appends EOS when `addSpecial` is true (from metadata).
    public let addEOS: Bool
    /// Tokens that end generation: EOS plus end-of-turn and FIM marker tokens found by text, such as
    /// `<|im_end|>`, `<end_of_turn>`, `<|eot_id|>`, `<|endoftext|>` (llama.cpp's end-of-generation set).
    public let endOfGenerationIDs: Set<Int32>
    /// Token attributes by id.
    public let attributes: [TokenAttributes]
    /// The model's chat template source (`tokenizer.chat_template`), if any.
    public let chatTemplateSource: String?

    let pieces: TokenPieces
    let tokenLookup: ByteStringTable
    let splitter: SpecialTokenSplitter
    let addSpacePrefix: Bool
    let engine: Engine
    let constraintCache = TokenVocabularyCache()

    enum Engine: Sendable {
        case byteLevel(PreTokenizer, BytePairMerger)
        case sentencePiece(SentencePieceMerger)
    }

    /// A tokenizer for the tokenizer described by a GGUF file's metadata.
    ///
    /// - Parameter gguf: The model file.
    /// - Throws: `SwitchyardError`: `tokenizer_metadata_invalid`, `tokenizer_unsupported`.
    public init(gguf: GGUFFile) throws {
        try self.init(spec: TokenizerSpec(gguf: gguf))
    }

    /// A tokenizer from a spec; throws `tokenizer_unsupported` for an unknown model or pre-tokenizer and
    /// `tokenizer_metadata_invalid` for inconsistent data.
    ///
    /// - Parameter spec: The vocabulary and rules.
    /// - Throws: `SwitchyardError`: `tokenizer_unsupported`, `tokenizer_metadata_invalid`.
    public init(spec: TokenizerSpec) throws {
        // llama.cpp replaces empty token strings so that they can never match.
        let tokens = spec.tokens.enumerated().map { $0.element.isEmpty ? "[EMPTY_\($0.offset)]" : $0.element }
        let n = tokens.count
        guard n > 0, n < Int(Int32.max) else {
            throw SwitchyardError(code: .tokenizerMetadataInvalid, message: "the vocabulary has \(n) tokens.")
        }
        var attributes = spec.attributes
        if attributes.isEmpty { attributes = Array(repeating: .normal, count: n) }
        guard attributes.count == n else {
            throw SwitchyardError(
                code: .tokenizerMetadataInvalid,
                message: "\(attributes.count) token types for \(n) tokens; the vocabulary is corrupt.")
        }
        for id in [spec.bosID, spec.eosID, spec.unknownID, spec.paddingID] {
            if let id, id < 0 || Int(id) >= n {
                throw SwitchyardError(
                    code: .tokenizerMetadataInvalid,
                    message: "special token id \(id) is outside the vocabulary (\(n)).")
            }
        }
        model = spec.model
        vocabularySize = n
        bosID = spec.bosID
        eosID = spec.eosID
        addBOS = spec.addBOS && spec.bosID != nil
        addEOS = spec.addEOS && spec.eosID != nil
        addSpacePrefix = spec.addSpacePrefix
        chatTemplateSource = spec.chatTemplate
        var lookup = ByteStringTable(capacity: n)
        for (i, t) in tokens.enumerated() { lookup.insert(Array(t.utf8), id: Int32(i)) }
        tokenLookup = lookup
        attributes = TokenAttributes.applyingLlamaCppOverrides(attributes, lookup: lookup)
        self.attributes = attributes
        splitter = SpecialTokenSplitter(tokens: tokens, attributes: attributes)

        switch spec.model {
        case .byteLevelBPE:
            let pre = try PreTokenizer(name: spec.preTokenizer)
            let ignoreMerges = [
                "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2",
            ].contains(spec.preTokenizer)
            engine = .byteLevel(
                pre, try BytePairMerger(tokens: tokens, merges: spec.merges, ignoreMerges: ignoreMerges))
        case .sentencePiece:
            let scores = spec.scores.isEmpty ? Array(repeating: 0, count: n) : spec.scores
            guard scores.count == n else {
                throw SwitchyardError(
                    code: .tokenizerMetadataInvalid, message: "\(scores.count) token scores for \(n) tokens.")
            }
            engine = .sentencePiece(SentencePieceMerger(lookup: lookup, scores: scores, unknownID: spec.unknownID))
        default:
            throw SwitchyardError(
                code: .tokenizerUnsupported,
                message: "tokenizer model '\(spec.model)' (GGUF tokenizer.ggml.model) is not supported; "
                    + "supported: gpt2 (byte-level BPE) and llama (SentencePiece BPE).")
        }
        pieces = TokenPieces(tokens: tokens, attributes: attributes, model: spec.model)

        var eog = Set<Int32>()
        if let e = spec.eosID { eog.insert(e) }
        let eogTexts =
            TokenAttributes.llamaCppEndOfGenerationTexts + [
                "<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>",
                "[PAD]", "<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>", "<|file_sep|>",
            ]
        for t in eogTexts {
            if let id = lookup.lookup(Array(t.utf8)) { eog.insert(id) }
        }
        endOfGenerationIDs = eog
    }

    /// The id of a token given by its exact vocabulary string (e.g. `<|im_start|>`), or nil.
    ///
    /// - Parameter text: The token's vocabulary string.
    public func tokenID(_ text: String) -> Int32? { tokenLookup.lookup(Array(text.utf8)) }

    /// The vocabulary string of a token (byte-level or `▁` form, as stored), or nil for an id outside it.
    ///
    /// - Parameter id: A token id.
    public func tokenString(_ id: Int32) -> String? {
        guard id >= 0, Int(id) < vocabularySize else { return nil }
        return pieces.vocabularyString(Int(id))
    }
}
