/// How a ``KnowledgeBase`` chunks, scores and searches.
public struct KnowledgeOptions: Sendable {
    public var chunker = Chunker()
    public var analyzer = KeywordAnalyzer()
    public var bm25 = BM25()
    /// HNSW build parameters (M = 16, efConstruction = 100).
    public var hnsw = HNSWIndex.Parameters(m: 16, efConstruction: 100)
    /// Candidate list size of a vector search (≥ k is used).
    public var efSearch = 64
    /// Tenants with fewer live vectors are searched exactly, without a graph. 8 000 is the crossover measured by
    /// bench/ann (docs/knowledge.md): below it an exact SIMD scan answers faster than HNSW at recall@10 ≥ 0.95.
    public var exactSearchBelow = 8000
    /// Reciprocal rank fusion constant.
    public var rrf = ReciprocalRankFusion(k: 60)
    /// How deep each list goes before fusion (at least k).
    public var fusionDepth = 100
    /// Texts per embedding call.
    public var embedBatch = 64

    public init() {}
}
