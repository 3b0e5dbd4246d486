import PropertyBased
import SwitchyardModels
import Testing

/// Invariants of the semantic-cache guard on generated sentences.
@Suite struct SemanticGuardPropertyTests {
    static let words = ["how", "do", "i", "reset", "the", "password", "for", "my", "account", "please", "today"]
    static let sentence = Gen.int(in: 0..<words.count).array(of: 1...10).map { $0.map { words[$0] } }

    @Test func isSymmetricAndAcceptsEveryTextAgainstItself() async {
        await propertyCheck(input: Self.sentence, Self.sentence) { a, b in
            let (x, y) = (a.joined(separator: " "), b.joined(separator: " "))
            #expect(SemanticGuard.mismatch(x, x) == nil)
            #expect((SemanticGuard.mismatch(x, y) == nil) == (SemanticGuard.mismatch(y, x) == nil))
        }
    }

    /// Inserting a negation or a number anywhere, or changing a number, always stops a hit.
    @Test func negationsAndNumbersAlwaysStopAHit() async {
        await propertyCheck(
            input: Self.sentence, Gen.int(in: 0...10), Gen.int(in: 0...9), Gen.int(in: 0...9_999),
            Gen.int(in: 1...500)
        ) { words, position, negation, number, delta in
            let base = words.joined(separator: " ")
            let at = min(position, words.count)
            let negations = ["not", "never", "no", "without", "except", "isn't", "can't", "nothing", "nor", "none"]
            var negated = words
            negated.insert(negations[negation], at: at)
            #expect(SemanticGuard.mismatch(base, negated.joined(separator: " ")) != nil)
            var counted = words
            counted.insert(String(number), at: at)
            #expect(SemanticGuard.mismatch(base, counted.joined(separator: " ")) != nil)
            var changed = words
            changed.insert(String(number + delta), at: at)
            #expect(
                SemanticGuard.mismatch(counted.joined(separator: " "), changed.joined(separator: " ")) != nil)
        }
    }
}
