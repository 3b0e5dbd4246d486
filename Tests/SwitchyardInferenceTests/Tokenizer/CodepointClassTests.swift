import Foundation
import Testing

@testable import SwitchyardInference

/// The pre-tokenizers' `\p{L}` / `\p{N}` / `\p{P}` agree with llama.cpp's Unicode 15.1 tables on every code
/// point (Fixtures/tokenizer/llama-cpp-unicode-classes.json, scripts/reference/make_unicode_fixture.py).
@Test func codepointClassesMatchLlamaCppTables() throws {
    let url = URL(fileURLWithPath: ModelFiles.fixturesDir).appendingPathComponent(
        "tokenizer/llama-cpp-unicode-classes.json")
    let ranges = try JSONDecoder().decode([[Int]].self, from: Data(contentsOf: url))
    #expect(ranges.first?.first == 0 && ranges.last?[1] == 0x110000)
    var differences: [String] = []
    for r in ranges {
        for cp in r[0]..<r[1] where !(0xD800...0xDFFF).contains(cp) {
            let c = CodepointClass.of(UInt32(cp))
            var mine = 0
            if c.contains(.number) { mine |= 2 }
            if c.contains(.letter) { mine |= 4 }
            if c.contains(.punctuation) { mine |= 32 }
            if mine != r[2] { differences.append("U+" + String(cp, radix: 16, uppercase: true)) }
        }
    }
    #expect(differences.isEmpty, "\(differences.count) code points differ, first: \(differences.prefix(10))")
}
