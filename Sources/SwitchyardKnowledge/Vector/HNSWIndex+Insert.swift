extension HNSWIndex {
    /// Inserts stored node `q` into the graph (Malkov & Yashunin, Algorithm 1).
    func link(_ q: Int) {
        let level = Int(levels[q])
        guard entryPoint >= 0 else {
            entryPoint = q
            maxLevel = level
            return
        }
        let d = dimensions
        let query = vectorPointer(q)
        var ep = entryPoint
        var epDistance = VectorMath.distance(query, vectorPointer(ep), d)
        var lc = maxLevel
        while lc > level {
            greedy(query, &ep, &epDistance, level: lc)
            lc -= 1
        }
        var found: [(Float, UInt32)] = []
        for lc in stride(from: min(level, maxLevel), through: 0, by: -1) {
            searchLayer(
                query, entry: ep, entryDistance: epDistance, ef: parameters.efConstruction, level: lc,
                scratch: buildScratch, skipDeleted: false)
            found.removeAll(keepingCapacity: true)
            while !buildScratch.results.isEmpty {
                let (key, node) = buildScratch.results.pop()
                found.append((-key, node))
            }
            found.reverse()  // closest first
            ep = Int(found[0].1)
            epDistance = found[0].0
            let selected = selectNeighbors(found, limit: parameters.m)
            let own = links(q, lc)
            own[0] = UInt32(selected.count)
            for (i, s) in selected.enumerated() { own[i + 1] = s }
            let capacity = lc == 0 ? maxM0 : parameters.m
            for s in selected { connect(Int(s), to: UInt32(q), level: lc, capacity: capacity) }
        }
        if level > maxLevel {
            entryPoint = q
            maxLevel = level
        }
    }

    /// Adds `q` to `node`'s links, pruning them with the heuristic when full (hnswlib's mutuallyConnect).
    private func connect(_ node: Int, to q: UInt32, level: Int, capacity: Int) {
        let l = links(node, level)
        let n = Int(l[0])
        if n < capacity {
            l[n + 1] = q
            l[0] = UInt32(n + 1)
            return
        }
        let d = dimensions
        let base = vectorPointer(node)
        var candidates: [(Float, UInt32)] = [(VectorMath.distance(base, vectorPointer(Int(q)), d), q)]
        candidates.reserveCapacity(n + 1)
        for j in 1...n {
            let e = l[j]
            candidates.append((VectorMath.distance(base, vectorPointer(Int(e)), d), e))
        }
        candidates.sort { $0.0 < $1.0 }
        let kept = selectNeighbors(candidates, limit: capacity)
        l[0] = UInt32(kept.count)
        for (i, e) in kept.enumerated() { l[i + 1] = e }
    }

    /// The neighbour-selection heuristic (Algorithm 4 without extension or pruned-candidate refill, as in
    /// hnswlib's getNeighborsByHeuristic2): walk candidates closest first and keep one only if it is closer to
    /// the base than to every neighbour already kept. `candidates` must be sorted by distance, ascending.
    func selectNeighbors(_ candidates: [(Float, UInt32)], limit: Int) -> [UInt32] {
        if candidates.count <= limit { return candidates.map(\.1) }
        let d = dimensions
        var kept: [UInt32] = []
        kept.reserveCapacity(limit)
        for (distance, e) in candidates {
            let ep = vectorPointer(Int(e))
            var good = true
            for r in kept where VectorMath.distance(ep, vectorPointer(Int(r)), d) < distance {
                good = false
                break
            }
            if good {
                kept.append(e)
                if kept.count >= limit { break }
            }
        }
        return kept
    }

    /// Greedy descent on one upper level: moves `ep` to its closest neighbour until none is closer.
    @inline(__always)
    func greedy(_ query: UnsafePointer<Float>, _ ep: inout Int, _ epDistance: inout Float, level: Int) {
        let d = dimensions
        var changed = true
        while changed {
            changed = false
            let l = links(ep, level)
            let n = Int(l[0])
            var j = 1
            while j <= n {
                let e = Int(l[j])
                let dist = VectorMath.distance(query, vectorPointer(e), d)
                if dist < epDistance {
                    epDistance = dist
                    ep = e
                    changed = true
                }
                j += 1
            }
        }
    }
}
