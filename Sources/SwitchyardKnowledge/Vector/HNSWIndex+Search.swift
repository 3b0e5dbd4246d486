extension HNSWIndex {
    /// The `k` nearest live nodes to `query` by graph search with a candidate list of `ef` (≥ k) entries.
    /// Only linked nodes are searched. `query` must be `dimensions` long and unit length.
    ///
    /// - Parameters:
    ///   - query: `dimensions` floats, unit length.
    ///   - k: How many neighbours to return.
    ///   - ef: The candidate list's size.
    ///   - scratch: Working memory, one per concurrent search.
    public func search(_ query: UnsafePointer<Float>, k: Int, ef: Int, scratch: HNSWScratch) -> [VectorNeighbor] {
        guard entryPoint >= 0, k > 0 else { return [] }
        let d = dimensions
        var ep = entryPoint
        var epDistance = VectorMath.distance(query, vectorPointer(ep), d)
        var lc = maxLevel
        while lc > 0 {
            greedy(query, &ep, &epDistance, level: lc)
            lc -= 1
        }
        searchLayer(
            query, entry: ep, entryDistance: epDistance, ef: max(ef, k), level: 0, scratch: scratch,
            skipDeleted: deletedCount > 0)
        while scratch.results.count > k { scratch.results.pop() }
        var hits: [VectorNeighbor] = []
        hits.reserveCapacity(scratch.results.count)
        while !scratch.results.isEmpty {
            let (key, node) = scratch.results.pop()
            hits.append(VectorNeighbor(node: Int(node), distance: -key))
        }
        return hits.reversed()
    }

    /// ``search(_:k:ef:scratch:)`` for an array query.
    ///
    /// - Parameters:
    ///   - query: `dimensions` floats, unit length.
    ///   - k: How many neighbours to return.
    ///   - ef: The candidate list's size.
    ///   - scratch: Working memory, one per concurrent search.
    public func search(_ query: [Float], k: Int, ef: Int, scratch: HNSWScratch = HNSWScratch()) -> [VectorNeighbor] {
        query.withUnsafeBufferPointer { search($0.baseAddress!, k: k, ef: ef, scratch: scratch) }
    }

    /// The exact `k` nearest live nodes (all stored nodes, linked or not) by a full scan; `accept` filters nodes.
    ///
    /// - Parameters:
    ///   - query: `dimensions` floats, unit length.
    ///   - k: How many neighbours to return.
    ///   - accept: Which nodes may be returned (all when nil).
    public func exactSearch(_ query: [Float], k: Int, accept: ((Int) -> Bool)? = nil) -> [VectorNeighbor] {
        guard k > 0 else { return [] }
        let d = dimensions
        var heap = DistanceHeap(capacity: k + 1)
        defer { heap.free() }
        query.withUnsafeBufferPointer { qb in
            let q = qb.baseAddress!
            for node in 0..<count where deleted[node] == 0 {
                if let accept, !accept(node) { continue }
                let dist = VectorMath.distance(q, vectorPointer(node), d)
                if heap.count < k {
                    heap.push(-dist, UInt32(node))
                } else if dist < -heap.topKey {
                    heap.pop()
                    heap.push(-dist, UInt32(node))
                }
            }
        }
        var hits: [VectorNeighbor] = []
        while !heap.isEmpty {
            let (key, node) = heap.pop()
            hits.append(VectorNeighbor(node: Int(node), distance: -key))
        }
        return hits.reversed()
    }

    /// Best-first search of one level (Algorithm 2). Leaves at most `ef` results in `scratch.results`, a heap of
    /// negated distances (farthest on top).
    func searchLayer(
        _ query: UnsafePointer<Float>, entry: Int, entryDistance: Float, ef: Int, level: Int, scratch: HNSWScratch,
        skipDeleted: Bool
    ) {
        let d = dimensions
        scratch.beginVisit(count: count)
        let marks = scratch.marks
        let stamp = scratch.stamp
        // Copy the heaps (two pointers and a count each) out of the class so their mutations need no exclusivity
        // checks; they go back, possibly regrown, at the end.
        var candidates = scratch.candidates
        var results = scratch.results
        candidates.removeAll()
        results.removeAll()
        let tombstones = deleted.base
        marks[entry] = stamp
        candidates.push(entryDistance, UInt32(entry))
        if !(skipDeleted && tombstones[entry] != 0) { results.push(-entryDistance, UInt32(entry)) }
        var bound = results.isEmpty ? Float.infinity : entryDistance
        let pending = scratch.pending(capacity: maxM0)
        // The first 4 cache lines of each upcoming vector; the hardware prefetcher streams the rest (bench/ann:
        // 256 bytes beat both 64 and the whole 1 536-byte vector by 5–10 % QPS at ef 32–128).
        let vectorBytes = min(256, d &* 4)
        while !candidates.isEmpty {
            let (cd, c) = candidates.pop()
            if cd > bound && results.count >= ef { break }
            let l = links(Int(c), level)
            let n = Int(l[0])
            // Pass 1: the unvisited neighbours; pass 2: their distances, prefetching the next one's vector.
            var fresh = 0
            var j = 1
            while j <= n {
                let e = l[j]
                j &+= 1
                if marks[Int(e)] == stamp { continue }
                marks[Int(e)] = stamp
                pending[fresh] = e
                fresh &+= 1
            }
            if fresh > 0 { Prefetch.read(vectorPointer(Int(pending[0])), bytes: vectorBytes) }
            if fresh > 1 { Prefetch.read(vectorPointer(Int(pending[1])), bytes: vectorBytes) }
            var i = 0
            while i < fresh {
                let e = Int(pending[i])
                i &+= 1
                if i &+ 1 < fresh { Prefetch.read(vectorPointer(Int(pending[i &+ 1])), bytes: vectorBytes) }
                let dist = VectorMath.distance(query, vectorPointer(e), d)
                if results.count < ef || dist < bound {
                    candidates.push(dist, UInt32(e))
                    if !(skipDeleted && tombstones[e] != 0) {
                        results.push(-dist, UInt32(e))
                        if results.count > ef { results.pop() }
                    }
                    if !results.isEmpty { bound = -results.topKey }
                }
            }
            if !candidates.isEmpty { Prefetch.read(links(Int(candidates.topNode), level), bytes: 64) }
        }
        scratch.candidates = candidates
        scratch.results = results
    }
}
