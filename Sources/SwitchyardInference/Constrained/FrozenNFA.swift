/// A finished `ByteNFA` in flat arrays, with every state's distance (in bytes) to acceptance. States that
/// cannot reach acceptance are dead: determinization drops them, so every automaton state it produces can
/// still be completed.
struct FrozenNFA: Sendable {
    let edgeStart: [Int32]
    let edgeLo: [UInt8]
    let edgeHi: [UInt8]
    let edgeTo: [Int32]
    let epsStart: [Int32]
    let epsTo: [Int32]
    let start: Int32
    let accept: Int32
    /// Fewest bytes from each state to acceptance; `Int32.max` for dead states.
    let distance: [Int32]

    init(_ nfa: ByteNFA, _ fragment: ByteNFA.Fragment) {
        let n = nfa.stateCount
        var es: [Int32] = [0], lo: [UInt8] = [], hi: [UInt8] = [], to: [Int32] = []
        var ps: [Int32] = [0], pt: [Int32] = []
        for s in 0..<n {
            for e in nfa.edges[s] {
                lo.append(e.lo)
                hi.append(e.hi)
                to.append(e.to)
            }
            es.append(Int32(lo.count))
            pt += nfa.epsilons[s]
            ps.append(Int32(pt.count))
        }
        edgeStart = es
        edgeLo = lo
        edgeHi = hi
        edgeTo = to
        epsStart = ps
        epsTo = pt
        start = fragment.start
        accept = fragment.end
        distance = Self.distances(nfa, accept: Int(fragment.end))
    }

    /// 0-1 breadth-first search on the reversed graph (epsilon edges cost 0, byte edges 1).
    private static func distances(_ nfa: ByteNFA, accept: Int) -> [Int32] {
        let n = nfa.stateCount
        var revStart = [Int32](repeating: 0, count: n + 1)
        for s in 0..<n {
            for e in nfa.edges[s] { revStart[Int(e.to) + 1] += 1 }
            for t in nfa.epsilons[s] { revStart[Int(t) + 1] += 1 }
        }
        for s in 0..<n { revStart[s + 1] += revStart[s] }
        var fill = revStart
        var revFrom = [Int32](repeating: 0, count: Int(revStart[n]))
        var revCost = [UInt8](repeating: 0, count: Int(revStart[n]))
        for s in 0..<n {
            for e in nfa.edges[s] {
                revFrom[Int(fill[Int(e.to)])] = Int32(s)
                revCost[Int(fill[Int(e.to)])] = 1
                fill[Int(e.to)] += 1
            }
            for t in nfa.epsilons[s] {
                revFrom[Int(fill[Int(t)])] = Int32(s)
                fill[Int(t)] += 1
            }
        }
        var dist = [Int32](repeating: .max, count: n)
        dist[accept] = 0
        // Deque as a ring-free pair of stacks: process zero-cost edges first.
        var current = [Int32(accept)], next: [Int32] = []
        var level: Int32 = 0
        while !current.isEmpty {
            var k = 0
            while k < current.count {
                let v = Int(current[k])
                k += 1
                if dist[v] != level { continue }
                for r in Int(revStart[v])..<Int(revStart[v + 1]) {
                    let u = Int(revFrom[r])
                    let d = level + Int32(revCost[r])
                    if d < dist[u] {
                        dist[u] = d
                        if revCost[r] == 0 { current.append(Int32(u)) } else { next.append(Int32(u)) }
                    }
                }
            }
            current = next
            next = []
            level += 1
        }
        return dist
    }

    func isLive(_ s: Int32) -> Bool { distance[Int(s)] != .max }
}
