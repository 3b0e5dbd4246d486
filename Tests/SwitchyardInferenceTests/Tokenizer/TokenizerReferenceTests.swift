import Foundation
import Testing

@testable import SwitchyardInference

/// Exact agreement with llama.cpp's tokenizer on the committed reference strings, for both shipped models.
@Suite("Tokenizer vs llama.cpp")
struct TokenizerReferenceTests {
    static let models = [("smollm2", ModelFiles.smollm2), ("gemma3-270m", ModelFiles.gemma3)]

    @Test(arguments: models)
    func encodeMatchesLlamaCpp(fixtureName: String, file: String) throws {
        let tokenizer = try TokenizerCache.tokenizer(file)
        let fixture = try TokenizerFixture.load(fixtureName)
        #expect(fixture.cases.count >= 1000)
        var mismatches: [String] = []
        for c in fixture.cases {
            let ids = tokenizer.encode(c.text, addSpecial: fixture.add_special, parseSpecial: false)
            if ids != c.ids {
                mismatches.append("\(c.text.debugDescription): expected \(c.ids), got \(ids)")
            }
            let special = tokenizer.encode(c.text, addSpecial: fixture.add_special, parseSpecial: true)
            if special != c.ids_special {
                mismatches.append(
                    "\(c.text.debugDescription) (parseSpecial): expected \(c.ids_special), got \(special)")
            }
        }
        let matched = fixture.cases.count - mismatches.count
        print(
            "tokenizer \(fixtureName): \(matched)/\(fixture.cases.count) strings match llama.cpp exactly (with and without parseSpecial)"
        )
        #expect(
            mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5).joined(separator: "\n"))"
        )
    }

    /// The raw prompts of the greedy-decoding fixtures tokenize to the ids llama.cpp decoded from.
    @Test(arguments: models)
    func greedyPromptsMatchLlamaCpp(fixtureName: String, file: String) throws {
        struct Greedy: Decodable {
            struct Case: Decodable {
                let prompt: String
                let prompt_ids: [Int32]
            }
            let cases: [Case]
        }
        let tokenizer = try TokenizerCache.tokenizer(file)
        let url = URL(fileURLWithPath: ModelFiles.fixturesDir).appendingPathComponent("greedy/\(fixtureName).json")
        let fixture = try JSONDecoder().decode(Greedy.self, from: Data(contentsOf: url))
        for c in fixture.cases {
            #expect(tokenizer.encode(c.prompt) == c.prompt_ids, "\(c.prompt.debugDescription)")
        }
    }

    /// Decoding the reference ids gives back the text byte for byte (pieces concatenated, as llama.cpp's
    /// `token_to_piece`; llama-cpp-python's `detokenize` additionally drops one leading space after BOS).
    /// SentencePiece decodes a literal `▁` in the text as a space, so those strings are left out for Gemma.
    @Test(arguments: models)
    func decodeRoundTrips(fixtureName: String, file: String) throws {
        let tokenizer = try TokenizerCache.tokenizer(file)
        let fixture = try TokenizerFixture.load(fixtureName)
        var failures: [String] = []
        for c in fixture.cases where tokenizer.model == .byteLevelBPE || !c.text.contains("▁") {
            let bytes = tokenizer.decodeBytes(c.ids)
            if bytes != Array(c.text.utf8) { failures.append(c.text.debugDescription) }
        }
        #expect(failures.isEmpty, "\(failures.count) do not round-trip, first: \(failures.prefix(5))")
    }
}

/// Tokenizers are built once per test process (Gemma's 262k vocabulary takes a moment).
enum TokenizerCache {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: Tokenizer] = [:]

    static func tokenizer(_ file: String) throws -> Tokenizer {
        lock.lock()
        defer { lock.unlock() }
        if let t = cache[file] { return t }
        let t = try Tokenizer(gguf: GGUFFile(path: ModelFiles.path(file)))
        cache[file] = t
        return t
    }
}
