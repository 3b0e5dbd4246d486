/// An undirected weighted graph in compressed sparse row form: node `i`'s neighbours are
/// `targets[offsets[i]..<offsets[i+1]]` with `weights` alongside; each edge is stored in both directions.
/// Self-loops are kept apart in `selfLoops` (the weight of edges inside an aggregated node).
public struct WeightedGraph: Sendable {
    /// Row starts, `nodeCount + 1` entries.
    public var offsets: [Int32]
    /// Neighbour of each stored half-edge.
    public var targets: [Int32]
    /// Weight of each stored half-edge.
    public var weights: [Double]
    /// Self-loop weight per node (counted once).
    public var selfLoops: [Double]

    /// How many nodes.
    public var nodeCount: Int { selfLoops.count }

    /// Builds the graph from undirected edges; parallel edges are summed, edges `(i, i)` become self-loops.
    /// - Parameters:
    ///   - nodeCount: nodes are `0..<nodeCount`.
    ///   - edges: `(a, b, weight)` with `a`, `b` in range and `weight > 0`.
    public init(nodeCount: Int, edges: [(Int, Int, Double)]) {
        var selfLoops = [Double](repeating: 0, count: nodeCount)
        var degree = [Int32](repeating: 0, count: nodeCount + 1)
        // Sum parallel edges first.
        var merged: [Int64: Double] = [:]
        merged.reserveCapacity(edges.count)
        for (a, b, w) in edges {
            if a == b {
                selfLoops[a] += w
                continue
            }
            let (lo, hi) = a < b ? (a, b) : (b, a)
            merged[Int64(lo) << 32 | Int64(hi), default: 0] += w
        }
        let pairs = merged.sorted { $0.key < $1.key }
        for (key, _) in pairs {
            degree[Int(key >> 32) + 1] += 1
            degree[Int(key & 0xFFFF_FFFF) + 1] += 1
        }
        for i in 0..<nodeCount { degree[i + 1] += degree[i] }
        var cursor = Array(degree.dropLast())
        var targets = [Int32](repeating: 0, count: Int(degree[nodeCount]))
        var weights = [Double](repeating: 0, count: targets.count)
        for (key, w) in pairs {
            let a = Int(key >> 32)
            let b = Int(key & 0xFFFF_FFFF)
            targets[Int(cursor[a])] = Int32(b)
            weights[Int(cursor[a])] = w
            cursor[a] += 1
            targets[Int(cursor[b])] = Int32(a)
            weights[Int(cursor[b])] = w
            cursor[b] += 1
        }
        self.offsets = degree
        self.targets = targets
        self.weights = weights
        self.selfLoops = selfLoops
    }

    init(offsets: [Int32], targets: [Int32], weights: [Double], selfLoops: [Double]) {
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
        self.selfLoops = selfLoops
    }

    /// Number of neighbours of `node` (self-loop not counted).
    /// - Parameter node: a node index.
    public func degree(_ node: Int) -> Int { Int(offsets[node + 1] - offsets[node]) }

    /// Weighted degree: incident edge weights plus twice the self-loop (the usual convention).
    /// - Parameter node: a node index.
    public func strength(_ node: Int) -> Double {
        var s = 2 * selfLoops[node]
        for e in Int(offsets[node])..<Int(offsets[node + 1]) { s += weights[e] }
        return s
    }

    /// Total edge weight `m` (each undirected edge and self-loop once).
    public var totalWeight: Double {
        weights.reduce(0, +) / 2 + selfLoops.reduce(0, +)
    }

    /// Every undirected edge once, `a < b`, plus self-loops as `(a, a, w)`.
    public var edges: [(Int, Int, Double)] {
        var result: [(Int, Int, Double)] = []
        for a in 0..<nodeCount {
            if selfLoops[a] > 0 { result.append((a, a, selfLoops[a])) }
            for e in Int(offsets[a])..<Int(offsets[a + 1]) where Int(targets[e]) > a {
                result.append((a, Int(targets[e]), weights[e]))
            }
        }
        return result
    }

    /// Newman–Girvan modularity of a partition (`community[i]` for each node), with resolution `gamma`:
    /// Q = Σ_c [ L_c / m − γ (d_c / 2m)² ], L_c the weight inside c, d_c the summed strengths. The same
    /// definition as networkx's `modularity`.
    /// - Parameters:
    ///   - community: each node's community.
    ///   - gamma: the resolution γ.
    public func modularity(_ community: [Int], resolution gamma: Double = 1) -> Double {
        let m = totalWeight
        guard m > 0 else { return 0 }
        let count = (community.max() ?? -1) + 1
        var inside = [Double](repeating: 0, count: count)
        var degreeSum = [Double](repeating: 0, count: count)
        for a in 0..<nodeCount {
            let c = community[a]
            inside[c] += selfLoops[a]
            degreeSum[c] += 2 * selfLoops[a]
            for e in Int(offsets[a])..<Int(offsets[a + 1]) {
                degreeSum[c] += weights[e]
                if community[Int(targets[e])] == c { inside[c] += weights[e] / 2 }
            }
        }
        var q = 0.0
        for c in 0..<count {
            q += inside[c] / m - gamma * (degreeSum[c] / (2 * m)) * (degreeSum[c] / (2 * m))
        }
        return q
    }
}
