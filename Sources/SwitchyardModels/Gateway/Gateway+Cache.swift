import Foundation
import SwitchyardCore
import SwitchyardModelAPI

/// What the cache said about a request: a hit, or a miss with what is needed to store the answer later.
struct CacheLookup: Sendable {
    var hit: ChatResponse?
    /// The conversation text and its embedding, when the semantic tier looked.
    var semantic: (text: String, vector: [Float])?
}

extension Gateway {
    /// Whether the cache may answer `request`: its own `cacheable`, else only at temperature 0.
    static func isCacheable(_ request: ChatRequest) -> Bool {
        request.cacheable ?? ((request.temperature ?? 1) == 0)
    }

    /// Exact tier, then semantic tier (when configured), for the tenant. A hit is marked `hit` or
    /// `semantic_hit`, costs nothing and is recorded in the ledger. An embedder failure is a miss.
    func cacheLookup(for request: ChatRequest, context: CallContext) async throws -> CacheLookup {
        guard Self.isCacheable(request) else { return CacheLookup() }
        let now = Date()
        let key = CacheKey(tenant: context.tenant, request: request)
        if let hit = try await cache.lookup(tenant: context.tenant, key: key, now: now) {
            GatewayMetrics.cacheLookup(tenant: context.tenant, tier: "exact", result: "hit")
            return CacheLookup(hit: served(hit, as: "hit", context: context))
        }
        GatewayMetrics.cacheLookup(tenant: context.tenant, tier: "exact", result: "miss")
        guard let semantic = options.semanticCache else { return CacheLookup() }
        let text = SemanticCache.conversationText(request.messages)
        guard let vector = try? await semantic.embedder.embed([text]).first else { return CacheLookup() }
        let candidates = try await cache.semanticCandidates(
            tenant: context.tenant, fingerprint: CacheKey.semanticFingerprint(request), now: now,
            limit: semantic.candidateLimit)
        if let match = semantic.bestMatch(text: text, vector: vector, among: candidates) {
            GatewayMetrics.cacheLookup(tenant: context.tenant, tier: "semantic", result: "hit")
            return CacheLookup(hit: served(match.response, as: "semantic_hit", context: context))
        }
        GatewayMetrics.cacheLookup(tenant: context.tenant, tier: "semantic", result: "miss")
        return CacheLookup(semantic: (text, vector))
    }

    private func served(_ response: ChatResponse, as status: String, context: CallContext) -> ChatResponse {
        var hit = response
        hit.cache = status
        hit.cost = 0
        ledger.record(.init(tenant: context.tenant, run: context.run, model: hit.model, usage: hit.usage, cost: 0))
        return hit
    }

    /// Stores a fresh answer for the tenant (when the request is cacheable) in the exact tier and, when the
    /// semantic tier looked, in the semantic tier, with the documents it was grounded on.
    func storeInCache(
        _ response: ChatResponse, for request: ChatRequest, context: CallContext, lookup: CacheLookup
    )
        async throws
    {
        guard Self.isCacheable(request) else { return }
        let now = Date()
        let expires = now.addingTimeInterval(options.cacheTTL.inSeconds)
        var stored = response
        stored.cache = "miss"
        try await cache.store(
            tenant: context.tenant, key: CacheKey(tenant: context.tenant, request: request), response: stored,
            expires: expires, documents: context.groundedOn)
        if let semantic = lookup.semantic, let embedder = options.semanticCache?.embedder {
            try await cache.storeSemantic(
                tenant: context.tenant,
                entry: SemanticCacheEntry(
                    fingerprint: CacheKey.semanticFingerprint(request), text: semantic.text, vector: semantic.vector,
                    embeddingModel: embedder.identifier, response: stored, created: now, expires: expires,
                    documents: context.groundedOn))
        }
    }

    /// Drops the tenant's cached answers (both tiers) grounded on any of `documents` — call it when they
    /// change; returns how many were dropped.
    /// - Parameters:
    ///   - tenant: Whose cache.
    ///   - documents: Ids of the documents that changed.
    /// - Throws: The cache store's errors.
    @discardableResult
    public func invalidate(tenant: TenantID, documents: [String]) async throws -> Int {
        try await cache.invalidate(tenant: tenant, documents: documents)
    }
}
