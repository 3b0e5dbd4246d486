/// A nondeterministic automaton over bytes, built from fragments (Thompson construction): the common target
/// that regular expressions, fixed choices and JSON Schemas compile to before `ConstraintAutomaton`
/// determinizes it lazily.
///
/// Every state has byte-range edges and epsilon edges. A `Fragment` has one entry and one exit; combinators
/// wire fragments together. A fragment whose exit cannot be reached (an empty choice) stands for the empty
/// language; `ConstraintAutomaton` prunes such dead ends, so generation never walks into one.
struct ByteNFA: Sendable, NFABuilder {
    struct Edge: Sendable {
        var lo: UInt8
        var hi: UInt8
        var to: Int32
    }

    /// One entry, one exit.
    struct Fragment: Sendable {
        var start: Int32
        var end: Int32
    }

    /// A state that stands for a whole sub-automaton (a `FrozenNFA` template of `AutomatonTemplates`), entered
    /// only when generation reaches it; after the sub-automaton, the path continues at `returnTo`.
    struct Call: Sendable {
        var template: Int32
        var returnTo: Int32
    }

    private(set) var edges: [[Edge]] = []
    private(set) var epsilons: [[Int32]] = []
    /// Call states (no edges of their own) by state.
    private(set) var calls: [Int32: Call] = [:]
    /// Guards against schemas that would expand into a huge automaton.
    static let stateLimit = 2_000_000

    var stateCount: Int { edges.count }

    mutating func newState() -> Int32 {
        edges.append([])
        epsilons.append([])
        return Int32(edges.count - 1)
    }

    mutating func connect(_ from: Int32, _ to: Int32) { epsilons[Int(from)].append(to) }

    mutating func addEdge(_ from: Int32, _ lo: UInt8, _ hi: UInt8, _ to: Int32) {
        edges[Int(from)].append(Edge(lo: lo, hi: hi, to: to))
    }

    /// The language of template `template`, entered lazily (see `Call`).
    mutating func call(_ template: Int32) -> Fragment {
        let entry = newState(), exit = newState()
        calls[entry] = Call(template: template, returnTo: exit)
        return Fragment(start: entry, end: exit)
    }

    /// A copy of `other`'s states (calls included), returning `fragment` of `other` translated into this NFA.
    mutating func append(_ other: ByteNFA, _ fragment: Fragment) -> Fragment {
        let offset = Int32(stateCount)
        for s in 0..<other.stateCount {
            edges.append(other.edges[s].map { Edge(lo: $0.lo, hi: $0.hi, to: $0.to + offset) })
            epsilons.append(other.epsilons[s].map { $0 + offset })
        }
        for (s, c) in other.calls { calls[s + offset] = Call(template: c.template, returnTo: c.returnTo + offset) }
        return Fragment(start: fragment.start + offset, end: fragment.end + offset)
    }

    /// Matches the empty string.
    mutating func epsilon() -> Fragment {
        let s = newState()
        return Fragment(start: s, end: s)
    }

    /// Matches nothing at all.
    mutating func never() -> Fragment { Fragment(start: newState(), end: newState()) }

    /// Exactly these bytes.
    mutating func literal(_ bytes: [UInt8]) -> Fragment {
        let start = newState()
        var end = start
        for b in bytes {
            let next = newState()
            addEdge(end, b, b, next)
            end = next
        }
        return Fragment(start: start, end: end)
    }

    mutating func literal(_ text: String) -> Fragment { literal(Array(text.utf8)) }

    /// One byte within any of the inclusive `ranges`.
    mutating func byte(in ranges: [ClosedRange<UInt8>]) -> Fragment {
        let f = Fragment(start: newState(), end: newState())
        for r in ranges { addEdge(f.start, r.lowerBound, r.upperBound, f.end) }
        return f
    }

    /// The fragments one after the other.
    mutating func sequence(_ parts: [Fragment]) -> Fragment {
        guard var result = parts.first else { return epsilon() }
        for p in parts.dropFirst() {
            connect(result.end, p.start)
            result.end = p.end
        }
        return result
    }

    /// Any one of the fragments (none: the empty language).
    mutating func choice(_ parts: [Fragment]) -> Fragment {
        if parts.count == 1 { return parts[0] }
        let f = Fragment(start: newState(), end: newState())
        for p in parts {
            connect(f.start, p.start)
            connect(p.end, f.end)
        }
        return f
    }

    mutating func optional(_ part: Fragment) -> Fragment {
        choice([part, epsilon()])
    }

    /// Zero or more repetitions of `part`.
    mutating func star(_ part: Fragment) -> Fragment {
        let hub = newState()
        connect(hub, part.start)
        connect(part.end, hub)
        return Fragment(start: hub, end: hub)
    }
}
