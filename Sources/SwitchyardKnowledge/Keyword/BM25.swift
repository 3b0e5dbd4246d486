import Foundation

/// Okapi BM25 (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009) with
/// Lucene's non-negative idf, computed from one tenant's statistics only, so no tenant's documents move another
/// tenant's scores:
///
///     idf(t)      = ln(1 + (N − df + 0.5) / (df + 0.5))
///     score(q, c) = Σ_t∈q idf(t) · tf·(k1 + 1) / (tf + k1·(1 − b + b·len/avglen))
///
/// N = the tenant's chunks, df = its chunks holding t, avglen = its mean chunk length in terms. Defaults
/// k1 = 0.9, b = 0.4: Anserini's BEIR settings (`castorini/anserini` docs/regressions-beir-*.md).
public struct BM25: Sendable, Hashable {
    public var k1: Double
    public var b: Double

    /// The scorer with its two parameters.
    ///
    /// - Parameters:
    ///   - k1: Term-frequency saturation.
    ///   - b: Length normalization (0: none, 1: full).
    public init(k1: Double = 0.9, b: Double = 0.4) {
        self.k1 = k1
        self.b = b
    }

    /// Lucene's non-negative inverse document frequency.
    ///
    /// - Parameters:
    ///   - df: How many of the tenant's chunks hold the term.
    ///   - n: The tenant's chunk count.
    public func idf(documentFrequency df: Int, documents n: Int) -> Double {
        log(1 + (Double(n) - Double(df) + 0.5) / (Double(df) + 0.5))
    }

    /// One term's contribution.
    ///
    /// - Parameters:
    ///   - tf: The term's frequency in the chunk.
    ///   - length: The chunk's length in terms.
    ///   - averageLength: The tenant's mean chunk length in terms.
    ///   - idf: The term's idf(documentFrequency:documents:).
    public func termScore(tf: Int, length: Int, averageLength: Double, idf: Double) -> Double {
        let norm = k1 * (1 - b + b * Double(length) / max(averageLength, 1e-9))
        return idf * Double(tf) * (k1 + 1) / (Double(tf) + norm)
    }

    /// Scores every chunk that holds a query term. Repeated query terms count once per repeat (as in Lucene's
    /// BooleanQuery of term clauses).
    ///
    /// - Parameters:
    ///   - queryTerms: The query's analyzed terms (see KeywordAnalyzer).
    ///   - postings: The tenant's statistics and the terms' postings.
    public func score(queryTerms: [String], postings: KeywordPostings) -> [Int64: Double] {
        var scores: [Int64: Double] = [:]
        let n = postings.chunkCount
        guard n > 0 else { return scores }
        let average = Double(postings.totalLength) / Double(n)
        var weights: [String: Int] = [:]
        for t in queryTerms { weights[t, default: 0] += 1 }
        for (term, repeats) in weights {
            guard let list = postings.lists[term], !list.isEmpty else { continue }
            let idf = idf(documentFrequency: list.count, documents: n)
            for p in list {
                scores[p.chunk, default: 0] +=
                    Double(repeats) * termScore(tf: Int(p.tf), length: Int(p.length), averageLength: average, idf: idf)
            }
        }
        return scores
    }
}

/// What BM25 needs from a store for one query: the tenant's statistics and the postings of the query's terms.
public struct KeywordPostings: Sendable, Hashable {
    /// One chunk holding a term.
    public struct Posting: Sendable, Hashable {
        public var chunk: Int64
        public var tf: Int32
        /// The chunk's length in terms.
        public var length: Int32

        /// A posting.
        ///
        /// - Parameters:
        ///   - chunk: The chunk's id.
        ///   - tf: The term's frequency in it.
        ///   - length: The chunk's length in terms.
        public init(chunk: Int64, tf: Int32, length: Int32) {
            self.chunk = chunk
            self.tf = tf
            self.length = length
        }
    }

    /// The tenant's chunk count (N).
    public var chunkCount: Int
    /// The sum of the tenant's chunk lengths.
    public var totalLength: Int
    /// Postings per term (df = the list's length).
    public var lists: [String: [Posting]]

    /// Postings with the tenant's statistics.
    ///
    /// - Parameters:
    ///   - chunkCount: The tenant's chunk count.
    ///   - totalLength: The sum of its chunk lengths.
    ///   - lists: Postings per term.
    public init(chunkCount: Int, totalLength: Int, lists: [String: [Posting]]) {
        self.chunkCount = chunkCount
        self.totalLength = totalLength
        self.lists = lists
    }
}
