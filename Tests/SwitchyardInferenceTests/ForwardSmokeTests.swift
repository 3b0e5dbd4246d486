import Testing

@testable import SwitchyardInference

@Suite("Forward pass")
struct ForwardSmokeTests {
    /// llama.cpp (llama-cpp-python, 2 threads) greedy continuation of the ChatML prompt "What is the capital
    /// of France?" on SmolLM2-135M-Instruct Q4_1: "L'Étoile…" (shared/notes/inference-facts.md §4.3).
    @Test func smolLM2MatchesLlamaCppOnCapitalPrompt() throws {
        let model = try InferenceModel(path: ModelFiles.path(ModelFiles.smollm2))
        let session = InferenceSession(model: model)
        let prompt: [Int32] = [
            1, 9690, 198, 2683, 359, 253, 5356, 5646, 11173, 3365, 3511, 308, 34519, 28, 7018, 411, 407, 19712, 8182,
            2, 198, 1, 4093, 198, 1780, 314, 260, 3575, 282, 4649, 47, 2, 198, 1, 520, 9531, 198,
        ]
        var logits = try session.evaluate(prompt)
        var out: [Int32] = []
        for _ in 0..<4 {
            let next = Int32(logits.indices.max(by: { logits[$0] < logits[$1] })!)
            out.append(next)
            logits = try session.evaluate([next])
        }
        #expect(out == [60, 23, 39614, 1141])
    }
}
