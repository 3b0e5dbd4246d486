/// A finished `ByteNFA` fragment in flat arrays: a template that `ExpandingNFA` copies into the automaton
/// generation walks. Besides byte and epsilon edges it keeps its call states (each standing for a whole
/// other template) and every state's distance in bytes to the fragment's exit, where passing a call costs
/// the shortest output of the called template. States that cannot reach the exit are dead: determinization
/// drops them, so every automaton state it produces can still be completed.
struct FrozenNFA: Sendable {
    let edgeStart: [Int32]
    let edgeLo: [UInt8]
    let edgeHi: [UInt8]
    let edgeTo: [Int32]
    let epsStart: [Int32]
    let epsTo: [Int32]
    /// Per state: the called template, or -1 for an ordinary state.
    let callTemplate: [Int32]
    /// Per state: where a call continues, or -1.
    let callReturn: [Int32]
    let start: Int32
    let end: Int32
    /// Fewest bytes from each state to `end`; `Int32.max` for dead states.
    let distance: [Int32]

    /// Freezes `fragment` of `nfa`; `length(t)` is the shortest output of template `t` (`Int32.max`: none).
    init(_ nfa: ByteNFA, _ fragment: ByteNFA.Fragment, length: (Int32) -> Int32) {
        let n = nfa.stateCount
        var es: [Int32] = [0], lo: [UInt8] = [], hi: [UInt8] = [], to: [Int32] = []
        var ps: [Int32] = [0], pt: [Int32] = []
        var template = [Int32](repeating: -1, count: n), back = [Int32](repeating: -1, count: n)
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
        for (s, call) in nfa.calls {
            template[Int(s)] = call.template
            back[Int(s)] = call.returnTo
        }
        edgeStart = es
        edgeLo = lo
        edgeHi = hi
        edgeTo = to
        epsStart = ps
        epsTo = pt
        callTemplate = template
        callReturn = back
        start = fragment.start
        end = fragment.end
        distance = Self.distances(nfa, exit: fragment.end, length: length)
    }

    var stateCount: Int { distance.count }

    /// The shortest output of the fragment (`Int32.max`: it has none).
    var minimumLength: Int32 { distance[Int(start)] }

    func isLive(_ s: Int32) -> Bool { distance[Int(s)] != .max }

    /// Dijkstra on the reversed graph: epsilon edges cost 0, byte edges 1, a call the called template's
    /// shortest output.
    private static func distances(_ nfa: ByteNFA, exit: Int32, length: (Int32) -> Int32) -> [Int32] {
        let n = nfa.stateCount
        var reverse = [[(from: Int32, cost: Int32)]](repeating: [], count: n)
        for s in 0..<n {
            for e in nfa.edges[s] { reverse[Int(e.to)].append((Int32(s), 1)) }
            for t in nfa.epsilons[s] { reverse[Int(t)].append((Int32(s), 0)) }
        }
        for (s, call) in nfa.calls {
            let cost = length(call.template)
            if cost != .max { reverse[Int(call.returnTo)].append((s, cost)) }
        }
        var dist = [Int32](repeating: .max, count: n)
        dist[Int(exit)] = 0
        var heap = MinHeap()
        heap.push(0, exit)
        while let (d, v) = heap.pop() {
            if d != dist[Int(v)] { continue }
            for (u, cost) in reverse[Int(v)] {
                let candidate = d.addingSaturating(cost)
                if candidate < dist[Int(u)] {
                    dist[Int(u)] = candidate
                    heap.push(candidate, u)
                }
            }
        }
        return dist
    }
}

extension Int32 {
    /// The sum, stopping one below `max` (which means "unreachable").
    func addingSaturating(_ other: Int32) -> Int32 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow || sum == .max ? .max - 1 : sum
    }
}

/// A binary min-heap of (priority, state) pairs for `FrozenNFA`'s shortest distances.
struct MinHeap {
    private var items: [(Int32, Int32)] = []

    mutating func push(_ priority: Int32, _ value: Int32) {
        items.append((priority, value))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[i].0 < items[parent].0 else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (Int32, Int32)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count && items[l].0 < items[m].0 { m = l }
                if r < items.count && items[r].0 < items[m].0 { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}
