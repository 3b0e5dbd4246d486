import Foundation
import SwitchyardCore
import SwitchyardModels
import SwitchyardTesting
import Testing

/// The OpenAI-compatible `/embeddings` client against the loopback fake server (a real HTTP round trip).
@Suite struct OpenAIEmbeddingTests {
    @Test func embedsInInputOrderAsUnitVectorsAcrossBatches() async throws {
        try await FakeOpenAIServer.run { base, _ in
            let model = OpenAICompatibleEmbeddingModel(
                baseURL: base, model: "fake-embed", dimensions: 8, apiKey: "sk-test", batchSize: 2)
            let texts = ["aaaa", "bbbb", "abab", "", "zzzzzz"]
            let vectors = try await model.embed(texts)
            #expect(vectors.count == texts.count)
            for v in vectors { #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5) }
            // The server lists items in reverse order; the client puts them back by index.
            let again = try await model.embed(["abab"])
            #expect(again[0] == vectors[2])
            #expect(vectors[0] != vectors[1])
            #expect(model.identifier == "fake-embed")
        }
    }

    @Test func aDimensionMismatchIsAClearErrorWithoutTheKey() async throws {
        try await FakeOpenAIServer.run { base, _ in
            let model = OpenAICompatibleEmbeddingModel(
                baseURL: base, model: "fake-embed", dimensions: 384, apiKey: "sk-secret-123")
            let error = await #expect(throws: ProviderError.self) { try await model.embed(["hello"]) }
            #expect(error?.message.contains("384") == true)
            #expect(error?.description.contains("sk-secret-123") == false)
        }
    }

    @Test func aDeadEndpointIsTransient() async throws {
        let model = OpenAICompatibleEmbeddingModel(
            baseURL: "http://127.0.0.1:1/v1", model: "x", dimensions: 8, timeout: .seconds(5))
        let error = await #expect(throws: ProviderError.self) { try await model.embed(["hello"]) }
        #expect(error?.kind == .transient)
    }
}
