import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardInference

/// The Swift encoder against sentence-transformers (fixture from scripts/reference/embedding_fixtures.py).
@Suite("Embedding: parity with sentence-transformers", .serialized)
struct EmbeddingParityTests {
    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for (x, y) in zip(a, b) {
            dot += Double(x) * Double(y)
            na += Double(x) * Double(x)
            nb += Double(y) * Double(y)
        }
        return dot / (na.squareRoot() * nb.squareRoot())
    }

    @Test func everyFixtureSentenceHasCosineAtLeast0_9999() async throws {
        let embedder = try MiniLMEmbedder(directory: EmbeddingTestFiles.requireModel())
        let reference = try EmbeddingReference.load()
        #expect(embedder.dimensions == 384 && reference.dimensions == 384)
        let results = try await embedder.embedDetailed(reference.cases.map(\.text))
        var worst = (cosine: 1.0, text: "")
        for (c, result) in zip(reference.cases, results) {
            let cos = Self.cosine(result.vector, c.vector)
            if cos < worst.cosine { worst = (cos, c.text) }
            #expect(cos >= 0.9999, "cosine \(cos) for \(c.text.debugDescription.prefix(80))")
            #expect(result.tokenCount == c.ids.count)
            #expect(result.truncatedTokenCount == max(0, c.full_length - 256))
            let norm = result.vector.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
            #expect(abs(norm - 1) < 1e-5)
        }
        print(
            "embedding parity: \(reference.cases.count) sentences, min cosine \(worst.cosine) (\(worst.text.prefix(40).debugDescription))"
        )
    }

    @Test func resultsDoNotDependOnBatchingOrThreads() async throws {
        let dir = try EmbeddingTestFiles.requireModel()
        let texts = ["A man is eating food.", "", "日本語テキスト and more text here to make it longer", "x"]
        let batched = try await MiniLMEmbedder(directory: dir, options: .init(threads: 2, batchSize: 32)).embed(texts)
        let single = try await MiniLMEmbedder(directory: dir, options: .init(threads: 1, batchSize: 1)).embed(texts)
        #expect(batched == single)
        #expect(try await MiniLMEmbedder(directory: dir).embed([]) == [])
    }

    @Test func knownSimilarities() async throws {
        let embedder = try MiniLMEmbedder(directory: EmbeddingTestFiles.requireModel())
        let v = try await embedder.embed([
            "This is an example sentence", "Each sentence is converted", "A man is eating food.",
            "A man is eating a piece of bread.",
        ])
        #expect(abs(Self.cosine(v[0], v[1]) - 0.4046) < 1e-3)
        #expect(abs(Self.cosine(v[2], v[3]) - 0.7553) < 1e-3)
        #expect(abs(v[0][0] - 0.067657) < 1e-4)
    }

    @Test func missingModelIsAClearError() throws {
        do {
            _ = try MiniLMEmbedder(directory: "/nonexistent/all-minilm-l6-v2")
            Issue.record("expected an error")
        } catch let error as SwitchyardError {
            #expect(error.code == .modelMissing)
            #expect(error.message.contains("scripts/fetch-models"))
        }
    }
}
