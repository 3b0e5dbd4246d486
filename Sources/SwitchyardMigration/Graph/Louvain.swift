import SwitchyardCore
/// Louvain community detection (Blondel, Guillaume, Lambiotte, Lefebvre, "Fast unfolding of communities in
/// large networks", J. Stat. Mech. 2008): repeated local moving of single nodes to the neighbouring community
/// with the best modularity gain, then aggregation of each community into one node, until a level moves nothing.
///
/// This implementation works on CSR arrays with a dense scratch array of neighbour-community weights and a
/// touched list (no hashing in the inner loop); node order within a level is a seeded shuffle, so results are
/// deterministic for a seed.
public struct Louvain: Sendable {
    /// Resolution γ: above 1 favours smaller communities.
    public var resolution: Double
    /// Stop a level's passes when the modularity gain of a pass falls below this.
    public var threshold: Double
    /// Seed for the node order.
    public var seed: UInt64

    /// Makes a detector.
    /// - Parameters:
    ///   - resolution: γ: larger finds smaller communities.
    ///   - threshold: the least modularity gain a pass must make to go on.
    ///   - seed: the seed of the node order.
    public init(resolution: Double = 1, threshold: Double = 1e-7, seed: UInt64 = 42) {
        self.resolution = resolution
        self.threshold = threshold
        self.seed = seed
    }

    /// Communities of `graph`: `result[i]` is node `i`'s community, numbered `0..<k` in order of each
    /// community's smallest node.
    /// - Parameter graph: the weighted, undirected graph.
    public func communities(_ graph: WeightedGraph) -> [Int] {
        let n = graph.nodeCount
        var membership = Array(0..<n)
        let m2 = 2 * graph.totalWeight
        guard n > 0, m2 > 0 else { return membership }
        var rng = SplitMix64(seed: seed)
        var level = graph
        while true {
            let (local, moved) = moveNodes(level, m2: m2, rng: &rng)
            if !moved { break }
            let (renumbered, count) = Louvain.renumber(local)
            for i in 0..<n { membership[i] = renumbered[membership[i]] }
            if count == level.nodeCount { break }
            level = Louvain.aggregate(level, community: renumbered, count: count)
        }
        return Louvain.renumber(membership).0
    }

    /// One level of local moving; returns each node's community and whether any node moved.
    private func moveNodes(_ g: WeightedGraph, m2: Double, rng: inout SplitMix64) -> ([Int], Bool) {
        let n = g.nodeCount
        var community = Array(0..<n)
        var strength = [Double](repeating: 0, count: n)
        for i in 0..<n { strength[i] = g.strength(i) }
        var total = strength  // summed strength per community
        var neighbourWeight = [Double](repeating: -1, count: n)
        var touched: [Int] = []
        touched.reserveCapacity(64)
        var order = Array(0..<n)
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = Int(rng.next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        var movedAny = false
        let gamma = resolution
        var quality = g.modularityFast(community, strength: strength, m2: m2, gamma: gamma)
        g.offsets.withUnsafeBufferPointer { offsets in
            g.targets.withUnsafeBufferPointer { targets in
                g.weights.withUnsafeBufferPointer { weights in
                    while true {
                        var moves = 0
                        for node in order {
                            let own = community[node]
                            let k = strength[node]
                            // Weights from node to each neighbouring community.
                            neighbourWeight[own] = 0
                            touched.append(own)
                            for e in Int(offsets[node])..<Int(offsets[node + 1]) {
                                let c = community[Int(targets[e])]
                                if neighbourWeight[c] < 0 {
                                    neighbourWeight[c] = 0
                                    touched.append(c)
                                }
                                neighbourWeight[c] += weights[e]
                            }
                            total[own] -= k
                            var best = own
                            var bestGain = neighbourWeight[own] - gamma * total[own] * k / m2
                            for c in touched {
                                let gain = neighbourWeight[c] - gamma * total[c] * k / m2
                                if gain > bestGain {
                                    bestGain = gain
                                    best = c
                                }
                            }
                            total[best] += k
                            if best != own {
                                community[node] = best
                                moves += 1
                            }
                            for c in touched { neighbourWeight[c] = -1 }
                            touched.removeAll(keepingCapacity: true)
                        }
                        if moves == 0 { break }
                        movedAny = true
                        let next = g.modularityFast(community, strength: strength, m2: m2, gamma: gamma)
                        if next - quality < threshold {
                            quality = next
                            break
                        }
                        quality = next
                    }
                }
            }
        }
        return (community, movedAny)
    }

    /// Community ids renumbered `0..<k` in order of first appearance; returns the map applied and `k`.
    static func renumber(_ community: [Int]) -> ([Int], Int) {
        var map = [Int](repeating: -1, count: (community.max() ?? -1) + 1)
        var next = 0
        var result = community
        for (i, c) in community.enumerated() {
            if map[c] < 0 {
                map[c] = next
                next += 1
            }
            result[i] = map[c]
        }
        return (result, next)
    }

    /// The graph whose nodes are the communities of `g`.
    static func aggregate(_ g: WeightedGraph, community: [Int], count: Int) -> WeightedGraph {
        var selfLoops = [Double](repeating: 0, count: count)
        // Bucket half-edges by source community, then merge per target with a scratch array.
        var members = [[Int]](repeating: [], count: count)
        for i in 0..<g.nodeCount {
            members[community[i]].append(i)
            selfLoops[community[i]] += g.selfLoops[i]
        }
        var offsets = [Int32](repeating: 0, count: count + 1)
        var targets: [Int32] = []
        var weights: [Double] = []
        var scratch = [Double](repeating: 0, count: count)
        var seen = [Bool](repeating: false, count: count)
        var touched: [Int] = []
        for c in 0..<count {
            for i in members[c] {
                for e in Int(g.offsets[i])..<Int(g.offsets[i + 1]) {
                    let d = community[Int(g.targets[e])]
                    if d == c {
                        selfLoops[c] += g.weights[e] / 2
                        continue
                    }
                    if !seen[d] {
                        seen[d] = true
                        touched.append(d)
                    }
                    scratch[d] += g.weights[e]
                }
            }
            touched.sort()
            for d in touched {
                targets.append(Int32(d))
                weights.append(scratch[d])
                scratch[d] = 0
                seen[d] = false
            }
            touched.removeAll(keepingCapacity: true)
            offsets[c + 1] = Int32(targets.count)
        }
        return WeightedGraph(offsets: offsets, targets: targets, weights: weights, selfLoops: selfLoops)
    }
}

extension WeightedGraph {
    /// Modularity with precomputed strengths (used between passes).
    func modularityFast(_ community: [Int], strength: [Double], m2: Double, gamma: Double) -> Double {
        var inside = 0.0
        var totals = [Double](repeating: 0, count: nodeCount)
        for a in 0..<nodeCount {
            let c = community[a]
            totals[c] += strength[a]
            inside += 2 * selfLoops[a]
            for e in Int(offsets[a])..<Int(offsets[a + 1]) where community[Int(targets[e])] == c {
                inside += weights[e]
            }
        }
        var q = inside / m2
        for t in totals where t > 0 { q -= gamma * (t / m2) * (t / m2) }
        return q
    }
}
