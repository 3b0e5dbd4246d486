import SwitchyardInference
import SwitchyardModelAPI

/// The built-in all-MiniLM-L6-v2 (SwitchyardInference) as an ``EmbeddingModel``: 384-dimensional unit vectors,
/// no network.
public struct LocalEmbeddingModel: EmbeddingModel {
    public let embedder: MiniLMEmbedder
    public var dimensions: Int { embedder.dimensions }
    public var identifier: String { "all-MiniLM-L6-v2" }

    /// Loads the model from `models/all-minilm-l6-v2` (or `modelsDirectory`, or env `SWITCHYARD_MODELS_DIR`).
    /// - Parameter modelsDirectory: The models directory, or the model directory itself.
    /// - Throws: `model_missing` when the files are absent; `safetensors_*` / `model_*` when they are corrupt or
    ///   unsupported.
    public init(modelsDirectory: String? = nil) throws {
        embedder = try MiniLMEmbedder(directory: MiniLMEmbedder.directory(modelsDirectory: modelsDirectory))
    }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        try await embedder.embed(texts)
    }
}
