import SwitchyardCore

/// One tenant's vectors: an ``HNSWIndex`` over its chunk vectors, the chunk id of every node, and the store
/// generation it reflects. Below `exactBelow` live vectors it is a flat list searched exactly (no graph is
/// built); from that size on every vector is linked into the graph.
///
/// Owned by the ``KnowledgeBase`` actor, which serializes its use.
final class TenantVectorIndex {
    let model: String
    var generation: Int64
    private(set) var hnsw: HNSWIndex
    private(set) var labels: [Int64] = []
    private(set) var nodes: [Int64: Int] = [:]
    let exactBelow: Int
    let scratch = HNSWScratch()

    init(model: String, dimensions: Int, parameters: HNSWIndex.Parameters, exactBelow: Int, generation: Int64) {
        self.model = model
        self.generation = generation
        self.exactBelow = exactBelow
        hnsw = HNSWIndex(dimensions: dimensions, parameters: parameters)
    }

    var liveCount: Int { hnsw.liveCount }
    var isGraph: Bool { hnsw.linkedCount == hnsw.count && hnsw.count > 0 && hnsw.liveCount >= exactBelow }

    /// Adds (or replaces) the vector of chunk `id`.
    func add(_ id: Int64, _ vector: [Float]) throws(SwitchyardError) {
        guard vector.count == hnsw.dimensions else {
            throw SwitchyardError(
                code: .vectorDimensionMismatch,
                message: "chunk \(id) has a \(vector.count)-d vector but the tenant's index holds \(hnsw.dimensions)-d "
                    + "vectors of '\(model)'; re-ingest with one embedding model")
        }
        if let old = nodes[id] { hnsw.markDeleted(old) }
        let node = hnsw.append(vector)
        labels.append(id)
        nodes[id] = node
        if hnsw.liveCount >= exactBelow || hnsw.linkedCount > 0 { hnsw.linkPending() }
    }

    func remove(_ id: Int64) {
        if let node = nodes.removeValue(forKey: id) { hnsw.markDeleted(node) }
    }

    /// Rebuilds without tombstones once they are a quarter of the nodes.
    func compactIfNeeded() {
        guard hnsw.deletedCount > 32, hnsw.deletedCount * 4 > hnsw.count else { return }
        let live = labels.enumerated().filter { !hnsw.isDeleted($0.offset) }.map {
            ($0.element, hnsw.vector($0.offset))
        }
        hnsw = HNSWIndex(dimensions: hnsw.dimensions, parameters: hnsw.parameters, capacity: live.count)
        labels = []
        nodes = [:]
        for (id, v) in live { try? add(id, v) }
    }

    /// The `k` closest chunks with cosine similarity, restricted to `allowed` when given.
    func search(_ query: [Float], k: Int, ef: Int, allowed: Set<Int64>?) -> [(id: Int64, similarity: Double)] {
        let exact = { [self] () -> [VectorNeighbor] in
            hnsw.exactSearch(query, k: k, accept: allowed.map { set in { set.contains(self.labels[$0]) } })
        }
        var hits: [VectorNeighbor]
        if !isGraph || (allowed.map { $0.count < exactBelow } ?? false) {
            hits = exact()
        } else if let allowed {
            let wide = max(ef, 4 * k)
            hits = hnsw.search(query, k: wide, ef: wide, scratch: scratch).filter { allowed.contains(labels[$0.node]) }
            if hits.count < k { hits = exact() }  // post-filtering under-returned: answer exactly
            hits = Array(hits.prefix(k))
        } else {
            hits = hnsw.search(query, k: k, ef: max(ef, k), scratch: scratch)
        }
        return hits.map { (labels[$0.node], Double(1 - $0.distance)) }
    }

    static let magic: Int64 = 0x5359_5456_4958_0001  // "SYTVIX" v1

    /// Labels then the HNSW bytes.
    func serialized() -> [UInt8] {
        var out: [UInt8] = []
        let header: [Int64] = [Self.magic, Int64(labels.count), Int64(exactBelow)]
        header.withUnsafeBytes { out.append(contentsOf: $0) }
        labels.withUnsafeBytes { out.append(contentsOf: $0) }
        out += hnsw.serialized()
        return out
    }

    init(serialized bytes: [UInt8], model: String, generation: Int64, exactBelow: Int) throws(SwitchyardError) {
        let corrupt = SwitchyardError(
            code: .corruptVectorIndex, message: "the stored vector index of '\(model)' is damaged; it is rebuilt")
        guard bytes.count >= 24 else { throw corrupt }
        let (magic, count) = bytes.withUnsafeBytes {
            (
                $0.loadUnaligned(fromByteOffset: 0, as: Int64.self),
                Int($0.loadUnaligned(fromByteOffset: 8, as: Int64.self))
            )
        }
        guard magic == Self.magic, count >= 0, bytes.count >= 24 + count * 8 else { throw corrupt }
        labels = bytes.withUnsafeBytes { raw in
            (0..<count).map { raw.loadUnaligned(fromByteOffset: 24 + $0 * 8, as: Int64.self) }
        }
        hnsw = try HNSWIndex(serialized: Array(bytes[(24 + count * 8)...]))
        guard hnsw.count == count else { throw corrupt }
        for (node, id) in labels.enumerated() where !hnsw.isDeleted(node) { nodes[id] = node }
        self.model = model
        self.generation = generation
        self.exactBelow = exactBelow
    }
}
