import Foundation
import Testing

@testable import SwitchyardInference

/// Greedy decoding against llama.cpp (fixtures: `scripts/make-reference-fixtures greedy`, format in
/// Fixtures/README.md): on the same prompt ids,
/// at least 90% of the prompts must match token for token over 64 steps, and wherever one diverges the
/// first divergent step must be a near tie in llama.cpp's logits (top two within 0.1).
@Suite("Greedy parity with llama.cpp")
struct GreedyParityTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            var prompt: String
            var prompt_ids: [Int32]
            var generated: [Int32]
            var eog_step: Int?
            var top2: [[Double]]
        }
        var model: String
        var gguf: String
        var cases: [Case]
    }

    static func load(_ name: String) throws -> Fixture {
        let url = URL(fileURLWithPath: ModelFiles.fixturesDir + "/greedy/\(name).json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    @Test(arguments: ["smollm2", "gemma3-270m"])
    func greedyMatchesLlamaCpp(_ name: String) throws {
        let fx = try Self.load(name)
        let model = try InferenceModel(path: ModelFiles.path(fx.gguf), threads: 2)
        var exact = 0
        var report: [String] = []
        for c in fx.cases {
            let session = InferenceSession(model: model, contextLength: 512)
            var logits = try session.evaluate(c.prompt_ids)
            var divergedAt: Int? = nil
            // Compare up to and including the first end-of-generation token, where generation would stop.
            let expectedIDs = c.eog_step.map { Array(c.generated.prefix($0 + 1)) } ?? c.generated
            for (step, expected) in expectedIDs.enumerated() {
                let ours = Int32(Sampler.argmax(logits))
                if ours != expected {
                    divergedAt = step
                    break
                }
                if step + 1 < expectedIDs.count { logits = try session.evaluate([ours]) }
            }
            if let step = divergedAt {
                let t = c.top2[step]
                let gap = t[1] - t[3]
                report.append("\(c.prompt.debugDescription): diverged at step \(step), llama.cpp top-2 gap \(gap)")
                #expect(gap <= 0.1, "\(name) \(c.prompt.debugDescription): first divergence at step \(step) is not a near tie (gap \(gap))")
            } else {
                exact += 1
            }
        }
        let ratio = Double(exact) / Double(fx.cases.count)
        #expect(fx.cases.count >= 20)
        #expect(ratio >= 0.9, "\(name): \(exact)/\(fx.cases.count) exact; \(report.joined(separator: "; "))")
        print("greedy parity \(name): \(exact)/\(fx.cases.count) exact. \(report.joined(separator: "; "))")
    }
}
