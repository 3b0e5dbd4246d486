/// Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009): `score(d) = Σ_lists 1 / (k + rank(d))`,
/// ranks from 1, k = 60. Rank-based, so BM25 and cosine scales never need normalizing.
public struct ReciprocalRankFusion: Sendable {
    public var k: Double

    /// A fusion with constant `k`.
    ///
    /// - Parameter k: Dampens the weight of top ranks (60 in the paper).
    public init(k: Double = 60) { self.k = k }

    /// Fuses ranked lists (best first) into one, best first; ties by id.
    ///
    /// - Parameter lists: Ranked ids, best first.
    public func fuse(_ lists: [[Int64]]) -> [(id: Int64, score: Double)] {
        var scores: [Int64: Double] = [:]
        for list in lists {
            for (rank, id) in list.enumerated() { scores[id, default: 0] += 1 / (k + Double(rank + 1)) }
        }
        return scores.map { ($0.key, $0.value) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }
}
