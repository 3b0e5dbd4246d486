import Foundation
import Testing

@testable import SwitchyardInference

/// The hand-written pre-tokenizer scanners against the original regexes, run by PyPI `regex`
/// (Fixtures/tokenizer/pretokenizer.json, scripts/reference/make_pretokenizer_fixtures.py): covers the
/// pre-tokenizers of models we do not ship (Llama 3, Qwen2, GPT-2, default) without their vocabularies.
@Suite("Pre-tokenizers vs the reference regexes")
struct PreTokenizerReferenceTests {
    struct Fixture: Decodable {
        let texts: [String]
        let pieces: [String: [[Int]]]
    }

    @Test(arguments: ["gpt-2", "smollm", "llama-bpe", "qwen2", "default"])
    func splitsLikeTheRegex(name: String) throws {
        let url = URL(fileURLWithPath: ModelFiles.fixturesDir).appendingPathComponent("tokenizer/pretokenizer.json")
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        let expected = try #require(fixture.pieces[name])
        let pre = try PreTokenizer(name: name)
        var scalars = ScalarBuffer()
        var mismatches: [String] = []
        for (text, want) in zip(fixture.texts, expected) {
            let utf8 = Array(text.utf8)
            let got: [Int] = utf8.withUnsafeBufferPointer { buf in
                scalars.load(buf)
                let ends = scalars.cps.withUnsafeBufferPointer { c in
                    scalars.classes.withUnsafeBufferPointer { pre.split(c, $0) }
                }
                var start = 0
                return ends.map { end in
                    defer { start = end }
                    return Int(scalars.byteOffsets[end] - scalars.byteOffsets[start])
                }
            }
            if got != want { mismatches.append("\(text.debugDescription): expected \(want), got \(got)") }
        }
        print(
            "pre-tokenizer \(name): \(expected.count - mismatches.count)/\(expected.count) strings split like the regex"
        )
        #expect(
            mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3).joined(separator: "\n"))"
        )
    }
}
