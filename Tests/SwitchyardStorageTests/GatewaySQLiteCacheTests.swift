import Foundation
import SwitchyardModelAPI
import Synchronization
import SwitchyardCore
import SwitchyardModels
import SwitchyardStorage
import Testing

/// The gateway with the SQLite store as its cache: both tiers persist per tenant across reopening.
@Suite struct GatewaySQLiteCacheTests {
    /// Answers with a counter, so a cached answer is recognizable.
    final class CountingClient: ProviderClient {
        let kind = "openai"
        let calls = Mutex(0)
        func send(_ request: ChatRequest) async throws -> ProviderReply {
            let n = calls.withLock {
                $0 += 1
                return $0
            }
            return ProviderReply(
                response: ChatResponse(
                    model: request.model, message: .assistant("answer \(n)"), finishReason: .stop,
                    usage: Usage(promptTokens: 5, completionTokens: 2)))
        }
    }

    /// A bag-of-words embedder: texts with the same words (in any order) get the same unit vector.
    struct WordsEmbedder: EmbeddingModel {
        var dimensions: Int { 64 }
        var identifier: String { "words-64" }
        func embed(_ texts: [String]) async throws -> [[Float]] {
            texts.map { text in
                var v = [Float](repeating: 0, count: 64)
                for word in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                    var h: UInt64 = 1469598103934665603
                    for b in word.utf8 { h = (h ^ UInt64(b)) &* 1099511628211 }
                    v[Int(h % 64)] += 1
                }
                let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
                return v.map { $0 / max(norm, 1e-9) }
            }
        }
    }

    func gateway(_ store: SQLiteStore, _ client: CountingClient) async -> Gateway {
        var options = Gateway.Options()
        options.semanticCache = SemanticCache(embedder: WordsEmbedder(), threshold: 0.99)
        return await Gateway(
            config: GatewayConfig(
                providers: ["p": .init(kind: "openai", baseURL: "http://127.0.0.1:1")],
                models: [.init(name: "m", provider: "p")]),
            clients: ["m": client], cache: store, options: options)
    }

    @Test func bothTiersPersistPerTenant() async throws {
        let dir = NSTemporaryDirectory() + "switchyard-gw-cache-" + UUID().uuidString
        let client = CountingClient()
        let acme = try TenantID("acme")
        let globex = try TenantID("globex")
        let ask = { (text: String) in ChatRequest(model: "m", messages: [.user(text)], temperature: 0) }
        do {
            let gateway = await gateway(try SQLiteStore(directory: dir), client)
            let first = try await gateway.complete(
                ask("reset my password how"), context: CallContext(tenant: acme, groundedOn: ["kb-1"]))
            #expect(first.cache == "miss")
        }
        // Reopened: the exact entry, and the same words in another order (a semantic hit), are still there.
        let gateway = await gateway(try SQLiteStore(directory: dir), client)
        let exact = try await gateway.complete(ask("reset my password how"), context: CallContext(tenant: acme))
        #expect(exact.cache == "hit")
        let semantic = try await gateway.complete(ask("how reset my password"), context: CallContext(tenant: acme))
        #expect(semantic.cache == "semantic_hit")
        #expect(semantic.message.content == "answer 1")
        let other = try await gateway.complete(ask("how reset my password"), context: CallContext(tenant: globex))
        #expect(other.cache == "miss")
        #expect(try await gateway.invalidate(tenant: acme, documents: ["kb-1"]) == 2)
        #expect(
            try await gateway.complete(ask("how reset my password"), context: CallContext(tenant: acme)).cache == "miss"
        )
        #expect(client.calls.withLock { $0 } == 3)
    }
}
