import Foundation
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels
import Testing

/// The semantic tier inside the gateway, with the real MiniLM.
@Suite struct GatewaySemanticCacheTests {
    func gateway(
        _ upstream: FakeUpstream, cache: any ResponseCacheStore = InMemoryResponseCache()
    ) async throws
        -> Gateway
    {
        var options = Gateway.Options()
        options.semanticCache = SemanticCache(embedder: try TestModels.miniLM.get())
        return await Gateway(
            config: config([("gpt", "remote", nil, nil)]), clients: ["gpt": upstream], cache: cache, options: options)
    }

    func ask(_ text: String, maxTokens: Int? = nil, temperature: Double = 0) -> ChatRequest {
        ChatRequest(model: "gpt", messages: [.user(text)], temperature: temperature, maxTokens: maxTokens)
    }

    @Test func aParaphraseHitsForTheSameTenantOnly() async throws {
        let upstream = FakeUpstream()
        let gateway = try await gateway(upstream)
        let first = try await gateway.complete(ask("How do I reset my password?"), context: CallContext(tenant: acme))
        #expect(first.cache == "miss")
        let again = try await gateway.complete(ask("How can I reset my password?"), context: CallContext(tenant: acme))
        #expect(again.cache == "semantic_hit")
        #expect(again.message == first.message)
        #expect(again.cost == 0)
        #expect(upstream.calls == 1)
        let other = try await gateway.complete(
            ask("How can I reset my password?"), context: CallContext(tenant: globex))
        #expect(other.cache == "miss")
        #expect(upstream.calls == 2)
    }

    @Test func nearMissesAndOtherParametersMiss() async throws {
        let upstream = FakeUpstream()
        let gateway = try await gateway(upstream)
        let context = CallContext(tenant: acme)
        _ = try await gateway.complete(ask("How do I turn on dark mode?"), context: context)
        #expect(try await gateway.complete(ask("How do I turn off dark mode?"), context: context).cache == "miss")
        _ = try await gateway.complete(ask("Please check the status of order 4512."), context: context)
        #expect(
            try await gateway.complete(ask("Please check the status of order 4513."), context: context).cache == "miss")
        _ = try await gateway.complete(ask("Is the museum open on Mondays?"), context: context)
        #expect(try await gateway.complete(ask("Is the museum not open on Mondays?"), context: context).cache == "miss")
        // Same words, other sampling parameters: another fingerprint.
        #expect(
            try await gateway.complete(ask("How can I turn on dark mode?", maxTokens: 9), context: context).cache
                == "miss")
        // Not cacheable (temperature > 0): never answered from the cache.
        _ = try await gateway.complete(ask("Tell me a cat joke.", temperature: 0.8), context: context)
        #expect(
            try await gateway.complete(ask("Tell me a joke about cats.", temperature: 0.8), context: context).cache
                == "miss")
        #expect(upstream.calls == 9)
    }

    @Test func theWholeConversationCountsNotOnlyTheLastMessage() async throws {
        let upstream = FakeUpstream()
        let gateway = try await gateway(upstream)
        let context = CallContext(tenant: acme)
        func conversation(_ topic: String) -> ChatRequest {
            ChatRequest(
                model: "gpt",
                messages: [
                    .user("I want to talk about \(topic)."), .assistant("Sure."), .user("Tell me more about it."),
                ],
                temperature: 0)
        }
        _ = try await gateway.complete(conversation("the Roman Empire"), context: context)
        #expect(try await gateway.complete(conversation("quantum computing"), context: context).cache == "miss")
        #expect(upstream.calls == 2)
    }

    @Test func invalidatingAGroundingDocumentDropsBothTiers() async throws {
        let upstream = FakeUpstream()
        let gateway = try await gateway(upstream)
        let grounded = CallContext(tenant: acme, groundedOn: ["doc-refunds"])
        _ = try await gateway.complete(ask("What is the refund policy for damaged items?"), context: grounded)
        let paraphrase = ask("What's your refund policy for items that arrive damaged?")
        #expect(try await gateway.complete(paraphrase, context: CallContext(tenant: acme)).cache == "semantic_hit")
        // Another tenant's invalidation touches nothing of acme's.
        #expect(try await gateway.invalidate(tenant: globex, documents: ["doc-refunds"]) == 0)
        #expect(try await gateway.invalidate(tenant: acme, documents: ["doc-refunds"]) == 2)
        #expect(try await gateway.complete(paraphrase, context: CallContext(tenant: acme)).cache == "miss")
        #expect(upstream.calls == 2)
    }
}

@Suite struct GatewayCacheOptionsTests {
    struct NoEmbedder: EmbeddingModel {
        var dimensions: Int { 2 }
        var identifier: String { "none" }
        func embed(_ texts: [String]) async throws -> [[Float]] { texts.map { _ in [1, 0] } }
    }

    @Test func theCacheSectionSetsTTLAndTheSemanticTier() throws {
        let config = try GatewayConfig.parse(
            yaml: """
                providers: {local: {kind: local}}
                models: [{name: tiny, provider: local}]
                cache: {semantic_threshold: 0.93, ttl: 10m}
                """)
        let options = Gateway.Options(cache: config.cache, embedder: NoEmbedder())
        #expect(options.cacheTTL == .seconds(600))
        #expect(options.semanticCache?.threshold == 0.93)
        #expect(Gateway.Options(cache: config.cache).semanticCache == nil)  // no embedder, no semantic tier
        #expect(
            Gateway.Options(cache: GatewayConfig.Cache(enabled: false), embedder: NoEmbedder()).semanticCache == nil)
        #expect(Gateway.Options(cache: GatewayConfig.Cache(), embedder: NoEmbedder()).semanticCache?.threshold == 0.90)
    }

    /// An embedder that fails makes the semantic tier miss; the call itself succeeds.
    @Test func anEmbedderFailureIsAMissNotAnError() async throws {
        struct Broken: EmbeddingModel {
            var dimensions: Int { 2 }
            var identifier: String { "broken" }
            func embed(_ texts: [String]) async throws -> [[Float]] {
                throw SwitchyardError(code: .internalError, message: "no")
            }
        }
        var options = Gateway.Options()
        options.semanticCache = SemanticCache(embedder: Broken())
        let upstream = FakeUpstream()
        let gateway = await Gateway(
            config: config([("gpt", "remote", nil, nil)]), clients: ["gpt": upstream], options: options)
        let request = ChatRequest(model: "gpt", messages: [.user("hello")], temperature: 0)
        #expect(try await gateway.complete(request, context: CallContext(tenant: acme)).cache == "miss")
        #expect(try await gateway.complete(request, context: CallContext(tenant: acme)).cache == "hit")
    }
}
