import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels
import SwitchyardRuntime
import SwitchyardServer
import SwitchyardStorage
import SwitchyardTesting
import Testing

/// What `switchyard serve` wires beside the routes: both cache tiers, and readiness.
@Suite("Server wiring", .timeLimit(.minutes(1)))
struct ServerWiringTests {
    /// A bag-of-words embedder: texts with the same words (in any order) get the same unit vector.
    struct WordsEmbedder: EmbeddingModel {
        var dimensions: Int { 64 }
        var identifier: String { "words-64" }
        func embed(_ texts: [String]) async throws -> [[Float]] {
            texts.map { text in
                var v = [Float](repeating: 0, count: 64)
                for word in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                    var h: UInt64 = 1_469_598_103_934_665_603
                    for b in word.utf8 { h = (h ^ UInt64(b)) &* 1_099_511_628_211 }
                    v[Int(h % 64)] += 1
                }
                let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
                return v.map { $0 / max(norm, 1e-9) }
            }
        }
    }

    static func config(baseURL: String, cache: GatewayConfig.Cache) -> GatewayConfig {
        GatewayConfig(
            providers: ["fake": .init(kind: .openai, baseURL: baseURL)],
            models: [.init(name: "gpt-fake", provider: "fake", context: 8192)],
            tenants: ["acme": .init(tier: 2), "globex": .init(tier: 1)], cache: cache)
    }

    @Test("with cache.semantic_threshold, chat completions hit the semantic tier for the same tenant only")
    func semanticTier() async throws {
        try await FakeOpenAIServer.run { baseURL, stats in
            let gateway = try await GatewayFactory.make(
                config: Self.config(baseURL: baseURL, cache: .init(semanticThreshold: 0.99)), environment: [:],
                semanticEmbedder: WordsEmbedder())
            #expect(gateway.options.semanticCache?.threshold == 0.99)
            try await makeApp(gateway: gateway).test(.router) { client in
                func ask(_ text: String, tenant: String) async throws -> String? {
                    var headers = tenantHeaders
                    headers[HTTPField.Name("X-Switchyard-Tenant")!] = tenant
                    let response = try await client.execute(
                        uri: "/v1/chat/completions", method: .post, headers: headers,
                        body: chatBody(text: text, extra: #","temperature":0"#))
                    #expect(response.status == .ok)
                    return response.headers[HTTPField.Name("x-switchyard-cache")!]
                }
                var answers: [String?] = []
                for (text, tenant) in [
                    ("reset my password how", "acme"), ("reset my password how", "acme"),
                    ("how reset my password", "acme"), ("how reset my password", "globex"),
                ] {
                    answers.append(try await ask(text, tenant: tenant))
                }
                #expect(answers == ["miss", "hit", "semantic_hit", "miss"])
            }
            #expect(stats.requests == 2)
        }
    }

    @Test("without semantic_threshold (or with the cache off) the semantic tier stays off, embedder or not")
    func semanticTierIsOptIn() async throws {
        for cache in [GatewayConfig.Cache(), GatewayConfig.Cache(enabled: false, semanticThreshold: 0.9)] {
            let gateway = try await GatewayFactory.make(
                config: Self.config(baseURL: "http://127.0.0.1:9/v1", cache: cache), environment: [:],
                semanticEmbedder: WordsEmbedder())
            #expect(gateway.options.semanticCache == nil)
        }
    }

    @Test("chat completions (whole and streamed) and embeddings through the OpenAI routes are in GET /v1/usage")
    func chatCompletionsAreLedgered() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        let (key, record) = APIKeys.generate(tenant: try TenantID("acme"), scopes: [.models, .runs])
        try await h.store.createAPIKey(record)
        try await FakeOpenAIServer.run { baseURL, stats in
            let app = buildApplication(
                gateway: try await makeGateway(baseURL: baseURL), options: ServerOptions(),
                embedders: ["words": WordsEmbedder()], runtime: h.api)
            try await app.test(.router) { client in
                for (text, extra) in [("hello", ""), ("hello again", #","stream":true"#), ("hello", "")] {
                    let response = try await client.execute(
                        uri: "/v1/chat/completions", method: .post, headers: bearer(key),
                        body: chatBody(text: text, extra: #","temperature":0"# + extra))
                    #expect(response.status == .ok)
                }
                let embedded = try await client.post(
                    "/v1/embeddings", #"{"model": "words", "input": ["one", "two"]}"#, key: key)
                #expect(embedded.status == .ok)
                let usage = try json(try await client.get("/v1/usage?by=model", key: key))
                #expect(usage["usage"]?[1]?["model"] == "words" && usage["usage"]?[1]?["calls"] == 1, "\(usage)")
                let row = try #require(usage["usage"]?[0])
                #expect(row["model"] == "gpt-fake" && row["calls"] == 3, "\(usage)")
                #expect((row["prompt_tokens"]?.intValue ?? 0) > 0 && (row["cost_usd"]?.numberValue ?? 0) > 0)
                // globex's usage shows none of it.
                let other = try json(try await client.get("/v1/usage?by=model", key: h.globex))
                #expect(other["usage"] == [])
            }
            #expect(stats.requests == 2)  // the third was a cache hit, ledgered at no cost
        }
    }

    @Test("GET /readyz: 503 until the server's workers run, then ready with the store, models and workers")
    func readiness() async throws {
        let h = try await RuntimeHarness()
        defer { h.remove() }
        var api = h.api
        let workers = WorkerStatus(concurrency: 2)
        api.workers = workers
        let app = buildApplication(gateway: h.gateway, options: ServerOptions(), runtime: api)
        try await app.test(.router) { client in
            let before = try await client.execute(uri: "/readyz", method: .get)
            #expect(before.status == .serviceUnavailable && errorBody(before).code == "service_not_running")
            #expect(try json(before)["checks"]?["workers"] == 2)
            workers.set(running: true)
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .ok)
            let body = try json(ready)
            #expect(body["status"] == "ready" && body["checks"]?["models"] == 1 && body["checks"]?["tenants"] == 3)
            workers.set(running: false)
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .serviceUnavailable)
        }
    }
}
