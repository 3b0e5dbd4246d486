import Foundation
import PropertyBased
import Testing

@testable import SwitchyardInference

/// The regex automaton against ICU (`NSRegularExpression`) as an independent oracle: random patterns of the
/// supported subset, random strings, same full-match verdict.
@Suite("Regex automaton vs ICU")
struct RegexOracleTests {
    static func pattern(depth: Int, using rng: inout SeededGenerator) -> String {
        let atoms = ["a", "b", "1", " ", "[ab]", "[^a]", #"\d"#, ".", "é", #"\s"#, "[a-c1]", #"\w"#]
        var out = ""
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            var atom: String
            if depth > 0 && Int.random(in: 0..<3, using: &rng) == 0 {
                let branches = (0..<Int.random(in: 1...2, using: &rng)).map { _ in
                    pattern(depth: depth - 1, using: &rng)
                }
                atom = "(" + branches.joined(separator: "|") + ")"
            } else {
                atom = atoms.randomElement(using: &rng)!
            }
            atom += ["", "", "?", "*", "+", "{1,2}", "{2}"].randomElement(using: &rng)!
            out += atom
        }
        return out
    }

    @Test func agreesWithICU() async throws {
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SeededGenerator(seed: UInt64(seed))
            let p = Self.pattern(depth: 2, using: &rng)
            let constraint = try DecodingConstraint.regex(p)
            // ECMA-262 meaning (as JSON Schema and the Core validator use): \w and \d are ASCII-only.
            let ecma = p.replacingOccurrences(of: #"\w"#, with: "[a-zA-Z0-9_]")
                .replacingOccurrences(of: #"\d"#, with: "[0-9]").replacingOccurrences(of: #"\s"#, with: #"[\t\n\f\r ]"#)
            let icu = try NSRegularExpression(pattern: "^(?:" + ecma + #")\z"#)
            let alphabet: [Character] = ["a", "b", "c", "1", " ", "é", "\n", "_"]
            for _ in 0..<40 {
                let s = String(
                    (0..<Int.random(in: 0...6, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
                let expected = icu.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
                #expect(constraint.accepts(s) == expected, "pattern \(p) on \(s.debugDescription)")
            }
        }
    }
}
