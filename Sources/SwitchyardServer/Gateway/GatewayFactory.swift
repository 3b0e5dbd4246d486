import AsyncHTTPClient
import Foundation
import SwitchyardCore
import SwitchyardModels

/// Builds a ``Gateway`` from a configuration: the configuration's provider clients (remote and local), each timed
/// for the overhead header.
public enum GatewayFactory {
    /// The gateway; throws `provider_unavailable` naming every model whose client cannot be made (a missing API
    /// key, a missing local model file).
    /// - Parameters:
    ///   - config: The gateway configuration.
    ///   - environment: Where the providers' API key variables are read.
    ///   - http: The HTTP client the remote providers share.
    ///   - options: Gateway options; the providers' longest timeout and the cache TTL override theirs.
    /// - Throws: `provider_unavailable` naming every model whose client cannot be made.
    public static func make(
        config: GatewayConfig, environment: [String: String] = ProcessInfo.processInfo.environment,
        http: HTTPClient = .shared, options: Gateway.Options = Gateway.Options()
    ) async throws -> Gateway {
        let clients = try config.makeClients(environment: environment, http: http).mapValues {
            TimedProviderClient(base: $0) as any ProviderClient
        }
        var options = options
        // The gateway's per-call limit follows the providers' own timeouts when the configuration sets them.
        if let longest = config.providers.values.compactMap(\.timeoutSeconds).max() {
            options.timeout = .seconds(longest)
        }
        if let ttl = config.cache.ttl, let seconds = GatewayConfig.duration(ttl) {
            options.cacheTTL = .seconds(seconds)
        }
        return await Gateway(config: config, clients: clients, options: options)
    }
}
