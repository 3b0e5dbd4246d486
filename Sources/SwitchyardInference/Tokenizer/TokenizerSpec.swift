/// Everything a tokenizer needs, as plain data: the vocabulary and the model's tokenization rules.
///
/// Built from GGUF metadata with `TokenizerSpec(gguf:)`, or by hand in tests. `Tokenizer(spec:)` validates it.
public struct TokenizerSpec: Sendable {
    /// Which tokenization algorithm the vocabulary uses (GGUF `tokenizer.ggml.model`).
    public struct Model: Hashable, Sendable, CustomStringConvertible {
        /// The GGUF `tokenizer.ggml.model` value.
        public let name: String
        /// A model by its GGUF name.
        ///
        /// - Parameter name: The GGUF `tokenizer.ggml.model` value.
        public init(_ name: String) { self.name = name }
        /// Byte-level BPE with GPT-2's byte-to-unicode map and ranked merges (`gpt2`: SmolLM2, Llama 3, Qwen2).
        public static let byteLevelBPE = Model("gpt2")
        /// SentencePiece-style BPE over scores with `▁` for spaces and `<0xNN>` byte fallback (`llama`: Gemma).
        public static let sentencePiece = Model("llama")
        public var description: String { name }
    }

    /// The algorithm.
    public var model: Model
    /// The pre-tokenizer name (GGUF `tokenizer.ggml.pre`), e.g. `smollm`, `llama-bpe`, `qwen2`, `default`.
    /// Only byte-level BPE uses it.
    public var preTokenizer: String
    /// Token strings by id (`tokenizer.ggml.tokens`), in the vocabulary's own form (byte-level unicode for BPE,
    /// `▁` for spaces in SentencePiece).
    public var tokens: [String]
    /// Merge scores by id (`tokenizer.ggml.scores`); required for SentencePiece, unused by byte-level BPE.
    public var scores: [Float]
    /// Token attributes by id (from `tokenizer.ggml.token_type`); all `.normal` when the file has none.
    public var attributes: [TokenAttributes]
    /// Ranked merges "A B" (`tokenizer.ggml.merges`), rank = index; byte-level BPE only.
    public var merges: [String]
    /// Beginning-of-sequence token id.
    public var bosID: Int32?
    /// End-of-sequence token id.
    public var eosID: Int32?
    /// Unknown token id.
    public var unknownID: Int32?
    /// Padding token id.
    public var paddingID: Int32?
    /// Whether encoding with special tokens prepends BOS (`tokenizer.ggml.add_bos_token`).
    public var addBOS: Bool
    /// Whether encoding with special tokens appends EOS (`tokenizer.ggml.add_eos_token`).
    public var addEOS: Bool
    /// Whether SentencePiece text gets a leading space (`tokenizer.ggml.add_space_prefix`).
    public var addSpacePrefix: Bool
    /// The Jinja chat template (`tokenizer.chat_template`), when the model has one.
    public var chatTemplate: String?

    /// A spec from its parts; `scores` and `attributes` may be empty (then 0 and `.normal` for every token).
    ///
    /// - Parameters:
    ///   - model: The algorithm.
    ///   - preTokenizer: The pre-tokenizer name (byte-level BPE only).
    ///   - tokens: Token strings by id.
    ///   - scores: Merge scores by id (SentencePiece).
    ///   - attributes: Token attributes by id.
    ///   - merges: Ranked merges (byte-level BPE).
    ///   - bosID: Beginning-of-sequence token id.
    ///   - eosID: End-of-sequence token id.
    ///   - unknownID: Unknown token id.
    ///   - paddingID: Padding token id.
    ///   - addBOS: Whether encoding with special tokens prepends BOS.
    ///   - addEOS: Whether it appends EOS.
    ///   - addSpacePrefix: Whether SentencePiece text gets a leading space.
    ///   - chatTemplate: The Jinja chat template.
    public init(
        model: Model, preTokenizer: String = "default", tokens: [String], scores: [Float] = [],
        attributes: [TokenAttributes] = [], merges: [String] = [], bosID: Int32? = nil, eosID: Int32? = nil,
        unknownID: Int32? = nil, paddingID: Int32? = nil, addBOS: Bool = false, addEOS: Bool = false,
        addSpacePrefix: Bool = false, chatTemplate: String? = nil
    ) {
        self.model = model
        self.preTokenizer = preTokenizer
        self.tokens = tokens
        self.scores = scores
        self.attributes = attributes
        self.merges = merges
        self.bosID = bosID
        self.eosID = eosID
        self.unknownID = unknownID
        self.paddingID = paddingID
        self.addBOS = addBOS
        self.addEOS = addEOS
        self.addSpacePrefix = addSpacePrefix
        self.chatTemplate = chatTemplate
    }
}
