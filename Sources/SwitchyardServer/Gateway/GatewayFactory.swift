import AsyncHTTPClient
import Foundation
import SwitchyardCore
import SwitchyardModelAPI
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
    ///   - cache: Where both cache tiers keep their entries (the server passes its SQLite store, so answers
    ///     survive a restart); nil keeps them in memory.
    ///   - semanticEmbedder: Embeds conversations for the semantic tier, which is on when the configuration's
    ///     `cache` section names `semantic_threshold` (and the cache is not disabled); nil leaves only the exact
    ///     tier.
    /// - Throws: `provider_unavailable` naming every model whose client cannot be made.
    public static func make(
        config: GatewayConfig, environment: [String: String] = ProcessInfo.processInfo.environment,
        http: HTTPClient = .shared, options: Gateway.Options = Gateway.Options(),
        cache: (any ResponseCacheStore)? = nil, semanticEmbedder: (any EmbeddingModel)? = nil
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
        if options.semanticCache == nil, let embedder = semanticEmbedder, wantsSemanticTier(config) {
            options.semanticCache = SemanticCache(
                embedder: embedder, threshold: config.cache.semanticThreshold ?? SemanticCache.measuredThreshold)
        }
        if let cache {
            return await Gateway(config: config, clients: clients, cache: cache, options: options)
        }
        return await Gateway(config: config, clients: clients, options: options)
    }

    /// Whether `config` asks for the semantic cache tier: its `cache` section names `semantic_threshold` and does
    /// not turn the cache off.
    /// - Parameter config: The gateway configuration.
    public static func wantsSemanticTier(_ config: GatewayConfig) -> Bool {
        config.cache.semanticThreshold != nil && config.cache.enabled != false
    }
}
