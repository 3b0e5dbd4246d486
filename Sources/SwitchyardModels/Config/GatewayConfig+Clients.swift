import AsyncHTTPClient
import Foundation
import SwitchyardCore

extension GatewayConfig {
    /// Builds one client per configured chat model, keyed by model name, ready for
    /// ``Gateway/init(config:clients:limiter:ledger:health:cache:options:)``.
    ///
    /// HTTP providers read their key from the variable `api_key_env` names in `environment`; a `local` provider
    /// loads each distinct GGUF once (models sharing a file share the loaded weights). Throws
    /// `provider_unavailable` naming every model whose client could not be made (a missing GGUF, a missing key
    /// variable), all at once.
    /// - Parameters:
    ///   - environment: Where the providers' API key variables are read.
    ///   - http: The HTTP client the remote providers share.
    /// - Throws: `provider_unavailable`, listing every model whose client could not be made.
    public func makeClients(
        environment: [String: String] = ProcessInfo.processInfo.environment, http: HTTPClient = .shared
    ) throws -> [String: any ProviderClient] {
        var clients: [String: any ProviderClient] = [:]
        var loaded: [String: LocalChatModel] = [:]
        var problems: [String] = []
        for model in models where !model.isEmbedding {
            guard let provider = providers[model.provider] else {
                problems.append("\(model.name): unknown provider '\(model.provider)'")
                continue
            }
            let timeout = Duration.seconds(provider.timeoutSeconds ?? 120)
            var apiKey: String?
            if let variable = provider.apiKeyEnv {
                apiKey = environment[variable]
                if apiKey == nil || apiKey!.isEmpty {
                    problems.append(
                        "\(model.name): the variable \(variable) (providers.\(model.provider).api_key_env) is not set")
                    continue
                }
            }
            switch provider.kind {
            case .local:
                let key =
                    "\(provider.modelsDir ?? "")|\(model.upstreamID)|\(provider.sessions ?? LocalChatModel.defaultSessions)"
                    + "|\(provider.threads ?? 0)"
                if let shared = loaded[key] {
                    clients[model.name] = shared
                    continue
                }
                do {
                    let client = try LocalChatModel(
                        model: model.upstreamID, modelsDirectory: provider.modelsDir,
                        sessions: provider.sessions ?? LocalChatModel.defaultSessions,
                        contextLength: model.context, threads: provider.threads)
                    loaded[key] = client
                    clients[model.name] = client
                } catch {
                    problems.append("\(model.name): \(error)")
                }
            case .anthropic:
                clients[model.name] = AnthropicClient(
                    baseURL: provider.baseURL ?? "https://api.anthropic.com", apiKey: apiKey,
                    headers: provider.headers ?? [:], timeout: timeout, http: http)
            default:
                clients[model.name] = OpenAICompatibleClient(
                    baseURL: provider.baseURL ?? "", apiKey: apiKey, headers: provider.headers ?? [:], timeout: timeout,
                    http: http)
            }
        }
        guard problems.isEmpty else {
            throw SwitchyardError(
                code: .providerUnavailable,
                message: "\(problems.count) model\(problems.count == 1 ? "" : "s") in the configuration cannot be "
                    + "served; install the model files (scripts/fetch-models), set the key variables, or remove "
                    + "the models",
                details: problems)
        }
        return clients
    }
}
