import SwitchyardCore

/// Hyper-parameters of a decoder-only transformer, read from GGUF metadata and checked for sanity before
/// anything is allocated.
public struct ModelConfig: Sendable, Equatable {
    /// How RoPE pairs dimensions (llama.cpp `llama_model_rope_type`).
    public enum RopeStyle: Sendable, Equatable {
        /// Adjacent pairs (2i, 2i+1): `llama` GGUFs, whose converter permuted Q/K.
        case adjacent
        /// Half split (i, i + n/2): `qwen2`, `gemma3`.
        case neox
    }

    public enum Family: String, Sendable, Equatable {
        case llama, qwen2, gemma3
    }

    public var family: Family
    public var layers: Int
    public var embedding: Int
    public var feedForward: Int
    public var heads: Int
    public var kvHeads: Int
    public var headDim: Int
    public var ropeDims: Int
    public var ropeBase: Float
    /// Rope base of sliding-window layers (Gemma 3: 10,000), when different.
    public var ropeBaseLocal: Float
    public var ropeStyle: RopeStyle
    public var normEpsilon: Float
    public var contextLength: Int
    public var vocabSize: Int
    /// Sliding-window size for local layers (0 = none).
    public var slidingWindow: Int
    /// Every `slidingPattern`-th layer (index % pattern == pattern-1) is global; 0 = all global.
    public var slidingPattern: Int
    /// Input embeddings are multiplied by this (Gemma: sqrt(d_model)).
    public var embeddingScale: Float
    /// Scale applied to attention scores.
    public var attentionScale: Float

    /// True when layer `i` uses the sliding window.
    ///
    /// - Parameter i: The layer, from 0.
    public func isSliding(layer i: Int) -> Bool {
        slidingWindow > 0 && slidingPattern > 0 && i % slidingPattern < slidingPattern - 1
    }

    /// Reads the configuration of `gguf`; throws `unsupported_architecture` or `model_metadata_invalid`.
    ///
    /// - Parameter g: The model file.
    /// - Throws: `SwitchyardError`: `unsupported_architecture`, `model_metadata_invalid`, `model_metadata_missing`.
    public init(gguf g: GGUFFile) throws {
        guard let arch = g.architecture else { throw g.missing("general.architecture") }
        guard let fam = Family(rawValue: arch) else {
            throw SwitchyardError(
                code: .unsupportedArchitecture,
                message:
                    "model '\(g.file.origin)' has architecture '\(arch)'; the built-in engine supports llama, qwen2 and gemma3."
            )
        }
        family = fam
        func k(_ s: String) -> String { "\(arch).\(s)" }
        layers = try g.requireInt(k("block_count"))
        embedding = try g.requireInt(k("embedding_length"))
        feedForward = try g.requireInt(k("feed_forward_length"))
        heads = try g.requireInt(k("attention.head_count"))
        kvHeads = g.int(k("attention.head_count_kv")) ?? heads
        let hd = heads > 0 ? embedding / heads : 0
        headDim = g.int(k("attention.key_length")) ?? hd
        ropeDims = g.int(k("rope.dimension_count")) ?? headDim
        ropeBase = g.float(k("rope.freq_base")) ?? 10_000
        normEpsilon = g.float(k("attention.layer_norm_rms_epsilon")) ?? 1e-5
        contextLength = g.int(k("context_length")) ?? 2048
        vocabSize = g.int(k("vocab_size")) ?? g.stringArray("tokenizer.ggml.tokens")?.count ?? 0
        ropeStyle = fam == .llama ? .adjacent : .neox
        ropeBaseLocal = ropeBase
        slidingWindow = 0
        slidingPattern = 0
        embeddingScale = 1
        attentionScale = headDim > 0 ? 1 / Float(headDim).squareRoot() : 1
        if fam == .gemma3 {
            // llama.cpp hard-codes these for gemma3 (src/llama-model.cpp: set_swa_pattern(6),
            // rope_freq_base_train_swa = 10000) and scales embeddings by sqrt(n_embd) (src/models/gemma3.cpp).
            slidingWindow = g.int(k("attention.sliding_window")) ?? 512
            slidingPattern = 6
            ropeBaseLocal = 10_000
            embeddingScale = Float(embedding).squareRoot()
        }
        if let v = g.int(k("attention.value_length")), v != headDim {
            throw invalid(g, "value_length \(v) differs from key_length \(headDim)")
        }
        guard (1...1024).contains(layers) else { throw invalid(g, "block_count \(layers)") }
        guard (1...65536).contains(embedding), (1...262_144).contains(feedForward) else {
            throw invalid(g, "embedding_length \(embedding) / feed_forward_length \(feedForward)")
        }
        guard (1...1024).contains(heads), (1...heads).contains(kvHeads), heads % kvHeads == 0 else {
            throw invalid(g, "head_count \(heads) / head_count_kv \(kvHeads)")
        }
        guard (2...1024).contains(headDim), headDim % 2 == 0, ropeDims <= headDim, ropeDims % 2 == 0 else {
            throw invalid(g, "head dimension \(headDim), rope dimensions \(ropeDims)")
        }
        guard (1...(1 << 24)).contains(vocabSize) else { throw invalid(g, "vocabulary size \(vocabSize)") }
        guard contextLength >= 1 else { throw invalid(g, "context_length \(contextLength)") }
        guard normEpsilon.isFinite, normEpsilon >= 0, ropeBase.isFinite, ropeBase > 0 else {
            throw invalid(g, "rms epsilon \(normEpsilon) / rope base \(ropeBase)")
        }
    }

    private func invalid(_ g: GGUFFile, _ what: String) -> SwitchyardError {
        SwitchyardError(
            code: .modelMetadataInvalid,
            message: "model '\(g.file.origin)' has an implausible \(what); the file is corrupt or not supported.")
    }
}
