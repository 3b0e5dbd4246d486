import Foundation

/// The deterministic grounding check of an incident summary: every sentence must cite, as `[S1]` or `[L2]`
/// (several as `[S1, L2]` or `[S1][L2]`), at least one piece of the incident's evidence, and nothing else.
/// Sentences that cite nothing, or cite an id that is not evidence, are dropped with the reason.
///
/// The same rule as the agency workflow's critic (`Grounding` in SwitchyardRuntime: a citation must name a
/// retrieved source, and a text must cite), applied per sentence and to evidence ids rather than numbered
/// sources; it lives here so the AIOps blueprint needs no runtime.
public struct EvidenceGrounding: Sendable, Equatable {
    /// A sentence that passed, with the ids it cites.
    public struct Sentence: Sendable, Equatable {
        public var text: String
        public var citations: [String]
    }

    /// A sentence that failed, and why.
    public struct Dropped: Sendable, Equatable {
        public var text: String
        public var reason: String
    }

    /// The sentences kept, in order.
    public var kept: [Sentence]
    /// The sentences dropped, in order.
    public var dropped: [Dropped]

    /// Checks each sentence of `text` against the evidence ids.
    /// - Parameters:
    ///   - text: The summary: sentences end with `.`, `!` or `?` before a space, or with a line break; list
    ///     markers (`-`, `*`, `1.`) are removed.
    ///   - ids: The ids of the incident's evidence (`S1`, `L1`, …).
    public static func check(_ text: String, ids: Set<String>) -> EvidenceGrounding {
        var result = EvidenceGrounding(kept: [], dropped: [])
        let known = ids.sorted {
            ($0.first ?? " ", Int($0.dropFirst()) ?? 0) < ($1.first ?? " ", Int($1.dropFirst()) ?? 0)
        }
        for sentence in sentences(text) {
            let cited = citations(in: sentence)
            let unknown = cited.filter { !ids.contains($0) }
            if cited.isEmpty {
                result.dropped.append(Dropped(text: sentence, reason: "cites no evidence"))
            } else if !unknown.isEmpty {
                let list =
                    known.isEmpty
                    ? "there is none" : "the evidence is " + known.map { "[\($0)]" }.joined(separator: ", ")
                result.dropped.append(
                    Dropped(
                        text: sentence,
                        reason: "cites " + unknown.map { "[\($0)]" }.joined(separator: ", ")
                            + ", not evidence of this incident (\(list))"))
            } else {
                var seen: Set<String> = []
                result.kept.append(Sentence(text: sentence, citations: cited.filter { seen.insert($0).inserted }))
            }
        }
        return result
    }

    /// The sentences of `text`. A citation group right after a sentence's full stop (`… rose. [S1] Then …`)
    /// stays with that sentence.
    /// - Parameter text: The model's answer as text.
    public static func sentences(_ text: String) -> [String] {
        var out: [String] = []
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = Substring(rawLine).trimmingSpaces
            let marker = line.prefix(while: { $0 != " " })
            if marker.count < line.count,
                marker == "-" || marker == "*"
                    || (marker.count > 1 && marker.last == "." && marker.dropLast().allSatisfy(\.isNumber))
            {
                line = line.dropFirst(marker.count).trimmingSpaces
            }
            var current = ""
            var index = line.startIndex
            while index < line.endIndex {
                let c = line[index]
                current.append(c)
                index = line.index(after: index)
                guard c == "." || c == "!" || c == "?", index == line.endIndex || line[index] == " " else { continue }
                // A list number (`2. `) is no sentence.
                if c == ".", current.trimmingCharacters(in: .whitespaces).dropLast().allSatisfy(\.isNumber) {
                    continue
                }
                // Take citation groups that follow the full stop.
                var look = index
                while look < line.endIndex, line[look] == " " { look = line.index(after: look) }
                while look < line.endIndex, line[look] == "[", let close = line[look...].firstIndex(of: "]"),
                    !citations(in: String(line[look...close])).isEmpty
                {
                    current += " " + line[look...close]
                    look = line.index(after: close)
                    while look < line.endIndex, line[look] == " " { look = line.index(after: look) }
                }
                index = look
                let sentence = current.trimmingCharacters(in: .whitespaces)
                if !sentence.isEmpty { out.append(sentence) }
                current = ""
            }
            let rest = current.trimmingCharacters(in: .whitespaces)
            if !rest.isEmpty { out.append(rest) }
        }
        return out
    }

    /// The ids a sentence cites: each bracket group whose parts, split at commas or spaces, are all a capital
    /// letter and a number (`[S1]`, `[S1, L2]`).
    /// - Parameter sentence: One sentence.
    public static func citations(in sentence: String) -> [String] {
        var found: [String] = []
        var rest = Substring(sentence)
        while let open = rest.firstIndex(of: "[") {
            rest = rest[rest.index(after: open)...]
            guard let close = rest.firstIndex(of: "]") else { break }
            let parts = rest[..<close].split(whereSeparator: { $0 == "," || $0 == " " })
            if !parts.isEmpty, parts.allSatisfy(isID) { found += parts.map(String.init) }
            rest = rest[rest.index(after: close)...]
        }
        return found
    }

    private static func isID(_ part: Substring) -> Bool {
        guard let first = part.first, first.isUppercase, first.isASCII, part.count >= 2 else { return false }
        return part.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }
}
