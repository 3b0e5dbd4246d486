import Foundation
import PropertyBased
import SwitchyardCore
import SwitchyardModelAPI
import Testing

@testable import SwitchyardInference

/// Constrained decoding with the real SmolLM2 model: whatever the sampler draws (up to temperature 2), the
/// output parses and validates.
@Suite("Constrained generation", .serialized)
struct ConstrainedGenerationTests {
    static let lm: Result<LanguageModel, any Error> = Result {
        try LanguageModel(ModelFiles.path(ModelFiles.smollm2), threads: 2)
    }

    func generate(
        _ lm: LanguageModel, _ constraint: DecodingConstraint, prompt: String, maxTokens: Int,
        sampling: SamplingOptions
    ) throws -> GenerationResult {
        var options = GenerationOptions(maxTokens: maxTokens, sampling: sampling)
        options.constraint = constraint
        return try Generator.run(
            session: lm.makeSession(contextLength: 512), prompt: try lm.encodeChat([.user(prompt)]),
            tokenizer: lm.tokenizer, options: options)
    }

    @Test func randomSchemasAlwaysValidate() async throws {
        let lm = try Self.lm.get()
        await propertyCheck(count: 30, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SeededGenerator(seed: UInt64(seed))
            let schema = RandomSchemas.schema(using: &rng)
            let constraint = try DecodingConstraint.jsonSchema(schema)
            let temperature = [0, 0.7, 1.5, 2.0][Int.random(in: 0..<4, using: &rng)]
            let sampling = SamplingOptions(
                temperature: Float(temperature), topK: 0, topP: 1, minP: 0, seed: rng.next())
            let vocabulary = lm.tokenizer.constraintVocabulary(size: lm.model.config.vocabSize)
            let needed = try #require(constraint.start().tokensToClose(vocabulary))
            let maxTokens = max(16, needed + Int.random(in: 0...16, using: &rng))
            let r = try generate(
                lm, constraint, prompt: "Answer with a JSON value.", maxTokens: maxTokens,
                sampling: sampling)
            #expect(r.constraintSatisfied == true, "\(schema.jsonText) → \(r.text) (\(r.finishReason))")
            let value = try JSONValue(parsing: r.text)
            #expect(try JSONSchema(schema).isValid(value), "\(schema.jsonText) → \(r.text)")
            #expect(r.tokens.count <= maxTokens)
        }
    }

    @Test func choiceAndRegexAtHighTemperature() throws {
        let lm = try Self.lm.get()
        let choice = try DecodingConstraint.choice(["positive", "negative", "neutral"])
        let regex = try DecodingConstraint.regex(#"[A-Z][a-z]{2,8}( [a-z]{1,8}){0,3}\."#)
        for seed in UInt64(1)...4 {
            let hot = SamplingOptions(temperature: 2, topK: 0, topP: 1, minP: 0, seed: seed)
            let c = try generate(lm, choice, prompt: "Is 'I love it' positive?", maxTokens: 8, sampling: hot)
            #expect(["positive", "negative", "neutral"].contains(c.text), "\(c.text)")
            #expect(c.finishReason == .stop && c.constraintSatisfied == true)
            let r = try generate(lm, regex, prompt: "Say hello.", maxTokens: 40, sampling: hot)
            #expect(regex.accepts(r.text) && r.constraintSatisfied == true, "\(r.text)")
        }
    }

    @Test func tightBudgetStillClosesTheJSON() throws {
        let lm = try Self.lm.get()
        let schema: JSONValue = [
            "type": "object", "required": ["items"],
            "properties": ["items": ["type": "array", "items": ["type": "string"]]],
        ]
        let constraint = try DecodingConstraint.jsonSchema(schema)
        let hot = SamplingOptions(temperature: 1.5, topK: 0, topP: 1, minP: 0, seed: 9)
        let r = try generate(lm, constraint, prompt: "List many fruits as JSON.", maxTokens: 16, sampling: hot)
        #expect(r.constraintSatisfied == true, "\(r.text)")
        #expect(try JSONSchema(schema).isValid(try JSONValue(parsing: r.text)), "\(r.text)")
        // Too few tokens to close at all: reported as incomplete, never as valid.
        let tiny = try generate(lm, constraint, prompt: "List fruits.", maxTokens: 2, sampling: hot)
        #expect(tiny.constraintSatisfied == false && tiny.finishReason == .length)
    }
}
