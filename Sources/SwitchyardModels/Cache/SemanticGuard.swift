import Foundation

/// The check a semantic-cache hit must pass besides cosine similarity, because embeddings cannot tell a
/// sentence from its negation or from the same sentence with other numbers (GPTCache #694): both texts must
/// have the same numbers, the same negation words, the same polarity words (on/off, enable/disable, before/after,
/// …) and the same capitalized names, each compared as a multiset. A pure function of the two texts.
public enum SemanticGuard {
    /// Why two texts may not share an answer, or nil when they may.
    /// - Parameters:
    ///   - a: One conversation text.
    ///   - b: The other conversation text.
    public static func mismatch(_ a: String, _ b: String) -> String? {
        let (fa, fb) = (Features(a), Features(b))
        if fa.numbers != fb.numbers { return "numbers differ: \(fa.numbers) vs \(fb.numbers)" }
        if fa.negations != fb.negations { return "negations differ: \(fa.negations) vs \(fb.negations)" }
        if fa.polarity != fb.polarity { return "polarity words differ: \(fa.polarity) vs \(fb.polarity)" }
        if fa.names != fb.names { return "names differ: \(fa.names) vs \(fb.names)" }
        return nil
    }

    /// Words that negate, as written (`n't` counts as `not`).
    static let negationWords: Set<String> = [
        "not", "no", "never", "none", "nobody", "nothing", "nowhere", "neither", "nor", "without", "except",
        "cannot", "cant", "excluding", "unless", "lacking",
    ]

    /// Words whose opposite a paraphrase would not swap in; each maps to its pair's canonical member so
    /// synonyms inside one side (`enable`/`enabled`) count as one.
    static let polarityWords: [String: String] = {
        let pairs: [[String]] = [
            ["on"], ["off"], ["enable", "enabled", "enabling", "activate", "activated"],
            ["disable", "disabled", "disabling", "deactivate", "deactivated"], ["before"], ["after"],
            ["above"], ["below"], ["more", "increase", "increased", "higher", "raise"],
            ["less", "fewer", "decrease", "decreased", "lower", "reduce"], ["max", "maximum"], ["min", "minimum"],
            ["true"], ["false"], ["yes"], ["open", "opened"], ["close", "closed"], ["allow", "allowed", "permit"],
            ["deny", "denied", "forbid", "block", "blocked"], ["include", "included", "including"],
            ["exclude", "excluded"], ["add", "added"], ["remove", "removed", "delete", "deleted"], ["buy"],
            ["sell"], ["start", "started"], ["stop", "stopped"], ["first"], ["last"],
            ["up"], ["down"], ["import"], ["export"], ["encrypt", "encrypted"],
            ["decrypt", "decrypted"], ["upload", "uploaded"], ["download", "downloaded"], ["win", "won"],
            ["lose", "lost"], ["hot"], ["cold"], ["early", "earlier"], ["late", "later"],
        ]
        var map: [String: String] = [:]
        for group in pairs { for word in group { map[word] = group[0] } }
        return map
    }()

    /// Number words, so `three` and `3` compare equal.
    static let numberWords: [String: String] = {
        let words = [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
        ]
        var map = Dictionary(uniqueKeysWithValues: words.enumerated().map { ($1, String($0)) })
        map["thirty"] = "30"
        map["forty"] = "40"
        map["fifty"] = "50"
        map["hundred"] = "100"
        map["thousand"] = "1000"
        map["million"] = "1000000"
        map["billion"] = "1000000000"
        map["dozen"] = "12"
        map["half"] = "0.5"
        map["twice"] = "2"
        map["double"] = "2"
        return map
    }()

    struct Features: Equatable {
        var numbers: [String] = []
        var negations: [String] = []
        var polarity: [String] = []
        var names: [String] = []

        init(_ text: String) {
            var sentenceStart = true
            for token in Self.tokens(text) {
                let raw = token.hasSuffix(".") ? String(token.dropLast()) : token
                let word = raw.lowercased()
                if let number = Self.number(raw) {
                    numbers.append(number)
                } else if word.hasSuffix("n't") {
                    negations.append("not")
                } else if SemanticGuard.negationWords.contains(word) {
                    negations.append(word == "cant" || word == "cannot" ? "not" : word)
                } else if let canonical = SemanticGuard.polarityWords[word] {
                    polarity.append(canonical)
                } else if let first = raw.first, first.isUppercase, !sentenceStart, raw != "I" {
                    names.append(word.hasSuffix("'s") ? String(word.dropLast(2)) : word)
                }
                sentenceStart = token.hasSuffix(".")
            }
            numbers.sort()
            negations.sort()
            polarity.sort()
            names.sort()
        }

        /// Whitespace-separated tokens with surrounding punctuation removed, except a sentence end kept as a
        /// trailing `.`/`?`/`!` so the next word is known to start a sentence.
        static func tokens(_ text: String) -> [String] {
            var out: [String] = []
            let text = text.replacingOccurrences(of: "\u{2019}", with: "'")
            for piece in text.split(whereSeparator: { $0.isWhitespace || $0 == "/" || $0 == "(" || $0 == ")" }) {
                var token = Substring(piece)
                let endsSentence = token.last.map { ".!?:".contains($0) } ?? false
                while let c = token.first, !(c.isLetter || c.isNumber || c == "$" || c == "-" || c == "+") {
                    token = token.dropFirst()
                }
                while let c = token.last, !(c.isLetter || c.isNumber || c == "%") { token = token.dropLast() }
                if token.isEmpty { continue }
                out.append(String(token) + (endsSentence ? "." : ""))
            }
            return out
        }

        /// A token's number, normalized (`1,000` → `1000`, `3.50` → `3.5`, `$5` → `5`, `20%` → `20%`), or nil.
        static func number(_ token: String) -> String? {
            if let word = SemanticGuard.numberWords[token.lowercased()] { return word }
            var t = Substring(token)
            while let c = t.first, c == "$" || c == "+" { t = t.dropFirst() }
            let percent = t.last == "%"
            if percent { t = t.dropLast() }
            let digits = t.replacingOccurrences(of: ",", with: "")
            guard !digits.isEmpty, digits.contains(where: \.isNumber),
                digits.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }), let value = Double(digits)
            else {
                // Ordinals and units glued to digits (`3rd`, `10km`) still carry their number.
                let lead = t.prefix(while: { $0.isNumber })
                return lead.isEmpty ? nil : String(lead) + String(t.dropFirst(lead.count)).lowercased()
            }
            let text = value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
            return text + (percent ? "%" : "")
        }
    }
}
