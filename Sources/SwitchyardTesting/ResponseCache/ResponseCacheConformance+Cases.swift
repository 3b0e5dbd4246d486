import Foundation
import SwitchyardCore
import SwitchyardModelAPI
import Testing

extension ResponseCacheConformance {
    private func response(_ text: String) -> ChatResponse {
        ChatResponse(
            model: "m", message: .assistant(text, toolCalls: [ToolCall(id: "c1", name: "f", arguments: ["x": 1])]),
            finishReason: .stop, usage: Usage(promptTokens: 3, completionTokens: 4))
    }

    private func request(_ text: String) -> ChatRequest {
        ChatRequest(model: "m", messages: [.user(text)], temperature: 0)
    }

    private func entry(
        _ text: String, vector: [Float], fingerprint: String = "fp", documents: [String] = [], expires: Date? = nil
    )
        -> SemanticCacheEntry
    {
        SemanticCacheEntry(
            fingerprint: fingerprint, text: text, vector: vector, embeddingModel: "test-model",
            response: response("answer to \(text)"), created: now, expires: expires ?? later, documents: documents)
    }

    func exactEntriesRoundTripAndExpire() async throws {
        let store = try await make()
        let key = CacheKey(tenant: a, request: request("q"))
        try await store.store(tenant: a, key: key, response: response("r"), expires: later, documents: [])
        #expect(try await store.lookup(tenant: a, key: key, now: now) == response("r"))
        #expect(try await store.lookup(tenant: a, key: key, now: later.addingTimeInterval(1)) == nil)
        #expect(try await store.lookup(tenant: a, key: CacheKey(tenant: a, request: request("other")), now: now) == nil)
        try await store.store(tenant: a, key: key, response: response("r2"), expires: later, documents: [])
        #expect(try await store.lookup(tenant: a, key: key, now: now) == response("r2"))
    }

    func anotherTenantCannotReadExactEntries() async throws {
        let store = try await make()
        let keyA = CacheKey(tenant: a, request: request("q"))
        try await store.store(tenant: a, key: keyA, response: response("secret"), expires: later, documents: [])
        // Tenant b asking with a's key (same digest, same text) or its own key gets nothing.
        #expect(try await store.lookup(tenant: b, key: keyA, now: now) == nil)
        #expect(try await store.lookup(tenant: b, key: CacheKey(tenant: b, request: request("q")), now: now) == nil)
        #expect(try await store.invalidate(tenant: b, documents: []) == 0)
    }

    func semanticEntriesAreFilteredByFingerprintAndExpiry() async throws {
        let store = try await make()
        try await store.storeSemantic(tenant: a, entry: entry("one", vector: [1, 0]))
        try await store.storeSemantic(tenant: a, entry: entry("two", vector: [0, 1]))
        try await store.storeSemantic(tenant: a, entry: entry("other", vector: [1, 0], fingerprint: "fp2"))
        try await store.storeSemantic(tenant: a, entry: entry("old", vector: [1, 0], expires: now))
        let found = try await store.semanticCandidates(tenant: a, fingerprint: "fp", now: now, limit: 10)
        #expect(found.map(\.text) == ["two", "one"])  // newest first, expired and other fingerprints left out
        #expect(found.last == entry("one", vector: [1, 0]))
        #expect(
            try await store.semanticCandidates(tenant: a, fingerprint: "fp", now: now, limit: 1).map(\.text) == ["two"])
    }

    func anotherTenantCannotReadSemanticEntries() async throws {
        let store = try await make()
        try await store.storeSemantic(tenant: a, entry: entry("secret", vector: [1, 0], documents: ["d"]))
        #expect(try await store.semanticCandidates(tenant: b, fingerprint: "fp", now: now, limit: 100).isEmpty)
        #expect(try await store.invalidate(tenant: b, documents: ["d"]) == 0)
        #expect(try await store.semanticCandidates(tenant: a, fingerprint: "fp", now: now, limit: 100).count == 1)
    }

    func invalidationDropsEntriesGroundedOnChangedDocuments() async throws {
        let store = try await make()
        let k1 = CacheKey(tenant: a, request: request("q1"))
        let k2 = CacheKey(tenant: a, request: request("q2"))
        try await store.store(tenant: a, key: k1, response: response("1"), expires: later, documents: ["d1", "d2"])
        try await store.store(tenant: a, key: k2, response: response("2"), expires: later, documents: ["d3"])
        try await store.storeSemantic(tenant: a, entry: entry("s1", vector: [1, 0], documents: ["d2"]))
        try await store.storeSemantic(tenant: a, entry: entry("s2", vector: [0, 1], documents: []))
        let kb = CacheKey(tenant: b, request: request("q1"))
        try await store.store(tenant: b, key: kb, response: response("b"), expires: later, documents: ["d1"])
        #expect(try await store.invalidate(tenant: a, documents: ["d2", "unknown"]) == 2)
        #expect(try await store.lookup(tenant: a, key: k1, now: now) == nil)
        #expect(try await store.lookup(tenant: a, key: k2, now: now) != nil)
        #expect(
            try await store.semanticCandidates(tenant: a, fingerprint: "fp", now: now, limit: 10).map(\.text) == ["s2"])
        #expect(try await store.lookup(tenant: b, key: kb, now: now) != nil)  // b's entry on d1 is b's business
        #expect(try await store.invalidate(tenant: a, documents: ["d1"]) == 0)  // already gone
    }
}
