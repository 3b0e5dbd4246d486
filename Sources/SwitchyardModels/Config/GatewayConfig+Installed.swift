import Foundation
import SwitchyardCore
import SwitchyardInference

extension GatewayConfig {
    /// The local models the configuration without a file can serve, in route order, under their short names.
    static let localCatalog: [Model] = [
        Model(
            name: "smollm2", provider: "local", model: "smollm2", context: 8192, price: Price(input: 0, output: 0),
            capabilities: ["chat", "tools", "json_schema"], tags: ["fast", "local"]),
        Model(
            name: "gemma3-270m", provider: "local", model: "gemma3-270m", context: 8192,
            price: Price(input: 0, output: 0), capabilities: ["chat", "tools", "json_schema"], tags: ["local"]),
        Model(
            name: "minilm", provider: "local", model: "all-minilm-l6-v2", context: 256,
            price: Price(input: 0, output: 0), capabilities: ["embeddings"], tags: ["local"]),
    ]

    /// Where local models are looked for: `explicit`, else env `SWITCHYARD_MODELS_DIR`, else `models/`.
    /// - Parameter explicit: A directory given by the caller, if any.
    public static func localModelsDirectory(_ explicit: String? = nil) -> String {
        ModelLocator.modelsDirectory(explicit)
    }

    /// The configuration for no file: every installed local model under its short name — chat with `smollm2`
    /// (the router's default; `gemma3-270m`, a base model, only when named), embeddings with `minilm` — free, with the default cache and
    /// redaction. Remote providers, tenants, budgets and limits need a `switchyard.yaml`.
    /// - Parameter modelsDirectory: Where `scripts/fetch-models` installed them (default: env
    ///   `SWITCHYARD_MODELS_DIR`, else `models/`).
    /// - Throws: `config_not_found` when no chat model is installed (there is nothing to serve).
    public static func installedLocalModels(modelsDirectory: String? = nil) throws -> GatewayConfig {
        let directory = ModelLocator.modelsDirectory(modelsDirectory)
        let fm = FileManager.default
        let installed = localCatalog.filter { model in
            if model.isEmbedding {
                let dir = MiniLMEmbedder.directory(modelsDirectory: directory)
                return fm.fileExists(atPath: (dir as NSString).appendingPathComponent("model.safetensors"))
            }
            guard let file = ModelLocator.shortNames[model.upstreamID] else { return false }
            return fm.fileExists(atPath: (directory as NSString).appendingPathComponent(file))
        }
        let chat = installed.filter { !$0.isEmbedding }.map(\.name)
        guard !chat.isEmpty else {
            throw SwitchyardError(
                code: .configNotFound,
                message: "no configuration file and no local chat model in \(directory): run scripts/fetch-models "
                    + "to install SmolLM2, Gemma 3 270M and MiniLM (or point SWITCHYARD_MODELS_DIR at them), or "
                    + "create switchyard.yaml (see docs/gateway.md)")
        }
        // Gemma 3 270M is a base model (no chat template): it is served by name for raw prompts but never chosen
        // by the router for a chat task, where it could only fail.
        let routed = chat.filter { $0 != "gemma3-270m" }
        return GatewayConfig(
            providers: ["local": Provider(kind: .local, modelsDir: modelsDirectory)], models: installed,
            routes: ["default": routed.isEmpty ? chat : routed])
    }
}
