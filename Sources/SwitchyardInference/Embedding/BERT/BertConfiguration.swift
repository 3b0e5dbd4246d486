import Foundation
import SwitchyardCore

/// The shape of a BERT encoder, read from the model's `config.json` (Hugging Face `BertConfig`).
public struct BertConfiguration: Sendable, Equatable {
    /// Width of every token vector (384 for MiniLM-L6).
    public var hiddenSize: Int
    /// Number of encoder layers.
    public var layerCount: Int
    /// Attention heads per layer.
    public var headCount: Int
    /// Width of the feed-forward layer.
    public var intermediateSize: Int
    /// LayerNorm epsilon (1e-12 for BERT).
    public var layerNormEpsilon: Float
    /// Rows of the position-embedding table: the hard limit on sequence length.
    public var maximumPositions: Int
    /// Rows of the word-embedding table.
    public var vocabularySize: Int
    /// Rows of the token-type table.
    public var typeVocabularySize: Int

    /// Width of one attention head.
    public var headSize: Int { hiddenSize / headCount }

    /// Reads and checks `config.json`: only post-LN BERT with exact GELU and absolute positions is supported.
    ///
    /// - Parameter path: The model's `config.json`.
    /// - Throws: `SwitchyardError` when the file is unreadable, malformed or describes an unsupported model.
    public init(contentsOf path: String) throws {
        struct Raw: Decodable {
            var model_type: String?
            var hidden_size: Int
            var num_hidden_layers: Int
            var num_attention_heads: Int
            var intermediate_size: Int
            var hidden_act: String?
            var layer_norm_eps: Double?
            var max_position_embeddings: Int
            var vocab_size: Int
            var type_vocab_size: Int?
            var position_embedding_type: String?
        }
        let raw: Raw
        do {
            raw = try JSONDecoder().decode(Raw.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw SwitchyardError(
                code: .modelConfigInvalid, message: "cannot read the BERT configuration \(path)",
                cause: error)
        }
        func unsupported(_ what: String) -> SwitchyardError {
            SwitchyardError(code: .modelUnsupported, message: "\(path): \(what) is not supported by the BERT encoder")
        }
        if let t = raw.model_type, t != "bert" { throw unsupported("model_type \(t)") }
        if let act = raw.hidden_act, act != "gelu" { throw unsupported("hidden_act \(act)") }
        if let p = raw.position_embedding_type, p != "absolute" { throw unsupported("position_embedding_type \(p)") }
        guard raw.num_attention_heads > 0, raw.hidden_size % raw.num_attention_heads == 0,
            raw.hidden_size % 16 == 0, (raw.hidden_size / raw.num_attention_heads) % 8 == 0,
            raw.intermediate_size % 16 == 0, raw.num_hidden_layers > 0, raw.max_position_embeddings >= 2
        else { throw unsupported("hidden size \(raw.hidden_size) with \(raw.num_attention_heads) heads") }
        hiddenSize = raw.hidden_size
        layerCount = raw.num_hidden_layers
        headCount = raw.num_attention_heads
        intermediateSize = raw.intermediate_size
        layerNormEpsilon = Float(raw.layer_norm_eps ?? 1e-12)
        maximumPositions = raw.max_position_embeddings
        vocabularySize = raw.vocab_size
        typeVocabularySize = raw.type_vocab_size ?? 2
    }
}
