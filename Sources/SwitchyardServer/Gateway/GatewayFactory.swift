import AsyncHTTPClient
import Foundation
import Logging
import SwitchyardCore
import SwitchyardModels

/// Builds a ``Gateway`` from a configuration: one provider client per model, timed for the overhead header.
public enum GatewayFactory {
    /// The gateway and the models it could not serve (with why), so the caller can log them.
    public static func make(
        config: GatewayConfig, environment: [String: String] = ProcessInfo.processInfo.environment,
        http: HTTPClient = .shared, options: Gateway.Options = Gateway.Options()
    ) async -> (gateway: Gateway, skipped: [String]) {
        var clients: [String: any ProviderClient] = [:]
        var skipped: [String] = []
        for model in config.models {
            guard let provider = config.providers[model.provider] else { continue }
            let key = provider.apiKeyEnv.flatMap { environment[$0] }
            let timeout = Duration.seconds(provider.timeoutSeconds ?? 120)
            let headers = provider.headers ?? [:]
            switch provider.kind {
            case "openai":
                let client = OpenAICompatibleClient(
                    baseURL: provider.baseURL ?? "", apiKey: key, headers: headers, timeout: timeout, http: http)
                clients[model.name] = TimedProviderClient(base: client)
            case "anthropic":
                let client = AnthropicClient(
                    baseURL: provider.baseURL ?? "https://api.anthropic.com", apiKey: key, headers: headers,
                    timeout: timeout, http: http)
                clients[model.name] = TimedProviderClient(base: client)
            default:
                skipped.append("\(model.name): provider kind '\(provider.kind)' is not served over HTTP yet")
            }
        }
        var options = options
        // The gateway's per-call limit follows the providers' own timeouts when the configuration sets them.
        if let longest = config.providers.values.compactMap(\.timeoutSeconds).max() {
            options.timeout = .milliseconds(Int(longest * 1000))
        }
        if let ttl = config.cache.ttl, let seconds = GatewayConfig.duration(ttl) {
            options.cacheTTL = .seconds(seconds)
        }
        let gateway = await Gateway(config: config, clients: clients, options: options)
        return (gateway, skipped)
    }
}
