/// Turns text into BM25 terms: ``TextToken`` words, lower-cased, English stop words dropped (Lucene's
/// `EnglishAnalyzer` list), Porter-stemmed. Queries and chunks go through the same analyzer.
public struct KeywordAnalyzer: Sendable {
    /// Lucene's English stop words (`EnglishAnalyzer.ENGLISH_STOP_WORDS_SET`).
    public static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
        "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
        "will", "with",
    ]

    public var stem: Bool

    /// An analyzer.
    ///
    /// - Parameter stem: Whether terms are Porter-stemmed.
    public init(stem: Bool = true) { self.stem = stem }

    /// The terms of `text`, in order, repeats kept.
    ///
    /// - Parameter text: The text.
    public func terms(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var terms: [String] = []
        var stems: [String: String] = [:]  // a text repeats its words: stem each once
        for token in TextToken.split(scalars) where token.isWord {
            let word = String(String.UnicodeScalarView(scalars[token.start..<token.end])).lowercased()
            if Self.stopWords.contains(word) { continue }
            guard stem else {
                terms.append(word)
                continue
            }
            if let known = stems[word] {
                terms.append(known)
            } else {
                let stemmed = PorterStemmer.stem(word)
                stems[word] = stemmed
                terms.append(stemmed)
            }
        }
        return terms
    }

    /// Term frequencies of `text` and its length in terms.
    ///
    /// - Parameter text: The text.
    public func frequencies(_ text: String) -> (terms: [String: Int], length: Int) {
        let all = terms(text)
        var counts: [String: Int] = [:]
        for t in all { counts[t, default: 0] += 1 }
        return (counts, all.count)
    }
}
