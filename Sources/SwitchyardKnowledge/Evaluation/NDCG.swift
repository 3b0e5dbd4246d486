import Foundation

/// Normalized discounted cumulative gain at a cut-off, as trec_eval's `ndcg_cut` (which BEIR reports):
/// DCG = Σ_{i<k} rel_i / log2(i + 2) with linear gains, divided by the DCG of the ideal ordering.
public enum NDCG {
    /// NDCG@k of one ranked list of document ids against graded judgements (`id → relevance`, 0 = not relevant).
    ///
    /// - Parameters:
    ///   - k: The cut-off.
    ///   - ranked: Document ids, best first.
    ///   - relevance: Graded judgements of the query.
    public static func at(_ k: Int, ranked: [String], relevance: [String: Int]) -> Double {
        var seen: Set<String> = []
        var dcg = 0.0
        var position = 0
        for id in ranked where position < k {
            guard seen.insert(id).inserted else { continue }
            dcg += Double(relevance[id] ?? 0) / log2(Double(position + 2))
            position += 1
        }
        let ideal = relevance.values.filter { $0 > 0 }.sorted(by: >).prefix(k).enumerated()
            .reduce(0.0) { $0 + Double($1.element) / log2(Double($1.offset + 2)) }
        return ideal > 0 ? dcg / ideal : 0
    }

    /// The mean NDCG@k over queries (`query → ranked ids`, `query → judgements`); queries without judgements are
    /// skipped, judged queries with no ranking count 0.
    ///
    /// - Parameters:
    ///   - k: The cut-off.
    ///   - rankings: Each query's ranked document ids.
    ///   - qrels: Each query's graded judgements.
    public static func mean(_ k: Int, rankings: [String: [String]], qrels: [String: [String: Int]]) -> Double {
        let judged = qrels.filter { $0.value.values.contains { $0 > 0 } }
        guard !judged.isEmpty else { return 0 }
        return judged.reduce(0.0) { $0 + at(k, ranked: rankings[$1.key] ?? [], relevance: $1.value) }
            / Double(judged.count)
    }
}
