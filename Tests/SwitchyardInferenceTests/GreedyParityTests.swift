import Foundation
import Testing

@testable import SwitchyardInference

/// Greedy decoding against llama.cpp (fixtures: `scripts/make-reference-fixtures greedy`, format in
/// Fixtures/README.md), on the same prompt ids, 64 steps.
///
/// The issue's target is ≥ 90% of prompts token-for-token with every first divergence a near tie. The engine
/// follows the kernels llama.cpp really runs on the reference machine (docs/inference.md, "Numerics"), and on
/// x86-64 its logits are bit-identical to llama.cpp's on all 4 × 24 prompts, so this guards 24/24; it also
/// prints, per fixture, on how many prompts the first step's top-2 logits are bit-identical and the largest
/// top-2 logit error seen before a divergence (0 when bit-identical throughout).
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

    /// Exact prompts required, out of 24. On x86-64 (AVX2 kernels that follow ggml's) every fixture matches
    /// all 24; elsewhere the portable kernels sum in another order, so only the issue's 90% is asked.
    #if arch(x86_64)
        static let minimumExact = ["smollm2": 24, "gemma3-270m": 24, "smollm2.nbatch1": 24, "gemma3-270m.nbatch1": 24]
    #else
        static let minimumExact = ["smollm2": 22, "gemma3-270m": 22, "smollm2.nbatch1": 22, "gemma3-270m.nbatch1": 22]
    #endif

    @Test(arguments: ["smollm2", "gemma3-270m", "smollm2.nbatch1", "gemma3-270m.nbatch1"])
    func greedyMatchesLlamaCpp(_ name: String) throws {
        let fx = try Self.load(name)
        let model = try InferenceModel(path: ModelFiles.path(fx.gguf), threads: 2)
        var exact = 0
        var nearTies = 0
        var report: [String] = []
        var maxLogitError = 0.0
        var firstStepExact = 0
        for c in fx.cases {
            let session = InferenceSession(model: model, contextLength: 512)
            // The prompt goes in the way llama.cpp evaluated it: one batch, or one token at a time (`.nbatch1`);
            // llama.cpp's kernels (and so the last bits of its logits) depend on the batch size.
            var logits: [Float] = []
            if name.hasSuffix(".nbatch1") {
                for id in c.prompt_ids { logits = try session.evaluate([id]) }
            } else {
                logits = try session.evaluate(c.prompt_ids)
            }
            var divergedAt: Int? = nil
            // Compare up to and including the first end-of-generation token, where generation would stop.
            let expectedIDs = c.eog_step.map { Array(c.generated.prefix($0 + 1)) } ?? c.generated
            for (step, expected) in expectedIDs.enumerated() {
                let ours = Int32(Sampler.argmax(logits))
                // How far our logits of llama.cpp's top two are from its values (0 = bit-identical run so far).
                let t2 = c.top2[step]
                maxLogitError = max(
                    maxLogitError, abs(Double(logits[Int(t2[0])]) - t2[1]), abs(Double(logits[Int(t2[2])]) - t2[3]))
                if step == 0 && logits[Int(t2[0])] == Float(t2[1]) && logits[Int(t2[2])] == Float(t2[3]) {
                    firstStepExact += 1
                }
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
                if gap <= 0.1 { nearTies += 1 }
            } else {
                exact += 1
            }
        }
        #expect(fx.cases.count >= 20)
        #expect(nearTies == fx.cases.count - exact, "\(name): a first divergence is not a near tie: \(report)")
        #expect(
            exact >= Self.minimumExact[name]!,
            "\(name): \(exact)/\(fx.cases.count) exact; \(report.joined(separator: "; "))")
        print(
            "greedy parity \(name): \(exact)/\(fx.cases.count) exact, \(nearTies) of the other first divergences are near ties (≤ 0.1); first-step top-2 logits bit-identical on \(firstStepExact)/\(fx.cases.count), largest top-2 logit error before divergence \(maxLogitError). \(report.joined(separator: "; "))"
        )
    }
}
