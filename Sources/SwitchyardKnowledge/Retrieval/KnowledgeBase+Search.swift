import SwitchyardCore
import SwitchyardModelAPI

extension KnowledgeBase {
    /// The `k` best chunks of the tenant for `query`, best first, with citations. Vector and hybrid modes need an
    /// embedding model (`embedder_unavailable` otherwise).
    ///
    /// - Parameters:
    ///   - query: What to look for.
    ///   - tenant: Whose documents to search.
    ///   - k: How many chunks to return.
    ///   - mode: Vector, keyword or hybrid.
    ///   - filter: Conditions the chunks' documents must meet.
    /// - Throws: `SwitchyardError` (`embedder_unavailable`, the store's and the embedder's errors).
    public func search(
        _ query: String, tenant: TenantID, k: Int = 10, mode: SearchMode = .hybrid, filter: SearchFilter = .init()
    ) async throws -> [SearchResult] {
        guard k > 0 else { return [] }
        let allowed = filter.isEmpty ? nil : try await store.chunkIDs(matching: filter, tenant: tenant)
        if let allowed, allowed.isEmpty { return [] }
        let ranked: [(id: Int64, score: Double)]
        switch mode {
        case .keyword:
            ranked = Array(try await keywordRanking(query, tenant: tenant, allowed: allowed).prefix(k))
        case .vector:
            ranked = try await vectorRanking(query, tenant: tenant, depth: k, allowed: allowed)
        default:
            let depth = max(k, options.fusionDepth)
            let keyword = try await keywordRanking(query, tenant: tenant, allowed: allowed).prefix(depth)
            let vector = try await vectorRanking(query, tenant: tenant, depth: depth, allowed: allowed)
            ranked = Array(options.rrf.fuse([keyword.map(\.id), vector.map(\.id)]).prefix(k))
        }
        let chunks = try await store.chunks(ranked.map(\.id), tenant: tenant)
        let byID = Dictionary(chunks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ranked.compactMap { hit in byID[hit.id].map { SearchResult($0, score: hit.score) } }
    }

    /// Every chunk holding a query term, by BM25 over the tenant's own statistics, best first (ties by id).
    func keywordRanking(
        _ query: String, tenant: TenantID, allowed: Set<Int64>?
    ) async throws
        -> [(id: Int64, score: Double)]
    {
        let terms = options.analyzer.terms(query)
        guard !terms.isEmpty else { return [] }
        let postings = try await store.postings(for: Set(terms), tenant: tenant)
        var scored = options.bm25.score(queryTerms: terms, postings: postings).map { ($0.key, $0.value) }
        if let allowed { scored = scored.filter { allowed.contains($0.0) } }
        return scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }

    /// The `depth` nearest chunks by cosine similarity.
    func vectorRanking(
        _ query: String, tenant: TenantID, depth: Int, allowed: Set<Int64>?
    ) async throws
        -> [(id: Int64, score: Double)]
    {
        guard let embedder else {
            throw SwitchyardError(
                code: .embedderUnavailable,
                message: "vector and hybrid search need an embedding model and none is configured; use --mode keyword")
        }
        try await backfillVectors(tenant: tenant)
        let index = try await vectorIndex(for: tenant)
        guard index.liveCount > 0, let q = try await embedder.embed([query]).first else { return [] }
        return index.search(q, k: depth, ef: options.efSearch, allowed: allowed).map { ($0.id, $0.similarity) }
    }
}
