import Foundation
import SwitchyardCore
import SwitchyardModelAPI

extension GatewayConfig {
    /// One embedding model per configured `embeddings` model of a `local` provider, keyed by model name (the
    /// built-in MiniLM, loaded once per models directory). Remote embedding models are not declared in the file
    /// yet: build an ``OpenAICompatibleEmbeddingModel`` in code.
    /// - Throws: `provider_unavailable` naming every model whose files are missing, all at once.
    public func makeEmbedders() throws -> [String: any EmbeddingModel] {
        var embedders: [String: any EmbeddingModel] = [:]
        var loaded: [String: LocalEmbeddingModel] = [:]
        var problems: [String] = []
        for model in models where model.isEmbedding {
            guard let provider = providers[model.provider], provider.kind == .local else { continue }
            let key = provider.modelsDir ?? ""
            do {
                let embedder = try loaded[key] ?? LocalEmbeddingModel(modelsDirectory: provider.modelsDir)
                loaded[key] = embedder
                embedders[model.name] = embedder
            } catch {
                problems.append("\(model.name): \(error)")
            }
        }
        guard problems.isEmpty else {
            throw SwitchyardError(
                code: .providerUnavailable,
                message: "\(problems.count) embedding model\(problems.count == 1 ? "" : "s") in the configuration "
                    + "cannot be served; install the model files (scripts/fetch-models) or remove the models",
                details: problems)
        }
        return embedders
    }
}
