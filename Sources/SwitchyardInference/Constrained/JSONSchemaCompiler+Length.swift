import SwitchyardCore

extension JSONSchemaCompiler {
    /// The JSON string contents that `make` builds (into a scratch NFA), restricted to `min…max` characters
    /// (`max` nil: unbounded): the product of that automaton with a character counter.
    ///
    /// Characters are counted as the validator counts them (code points) on the bytes of the literal's
    /// inside: a byte starts a character unless it is a UTF-8 continuation byte (`0x80…0xBF`) or the second
    /// byte of an escape (`\n`, `\"`, `\\` … — the compiler writes no `\uXXXX`). Only the product states
    /// reachable from the start are built; without `max` the counter stops at `min`.
    mutating func lengthBounded(
        min: Int, max: Int?, at pointer: String, _ make: (inout ByteNFA) -> ByteNFA.Fragment
    ) throws(SwitchyardError) -> ByteNFA.Fragment {
        var inner = ByteNFA()
        let fragment = make(&inner)
        let cap = max ?? min
        let budget = ByteNFA.stateLimit / 4
        struct Key: Hashable {
            var state: Int32
            var count: Int32
            var escaped: Bool
        }
        var ids: [Key: Int32] = [:]
        var todo: [Key] = []
        func id(_ key: Key, _ nfa: inout ByteNFA) -> Int32 {
            if let known = ids[key] { return known }
            let new = nfa.newState()
            ids[key] = new
            todo.append(key)
            return new
        }
        let first = nfa.stateCount
        let exit = nfa.newState()
        let start = id(Key(state: fragment.start, count: 0, escaped: false), &nfa)
        while let key = todo.popLast() {
            let here = ids[key]!
            guard nfa.stateCount - first <= budget else {
                throw SwitchyardError(
                    code: .constraintTooLarge,
                    message: "the pattern or format at \(pointer.shownPointer) with its length bounds expands past "
                        + "\(budget) automaton states; use a smaller maxLength.")
            }
            if key.state == fragment.end && !key.escaped && key.count >= Int32(min) { nfa.connect(here, exit) }
            for t in inner.epsilons[Int(key.state)] {
                nfa.connect(here, id(Key(state: t, count: key.count, escaped: key.escaped), &nfa))
            }
            for edge in inner.edges[Int(key.state)] {
                if key.escaped {
                    let to = id(Key(state: edge.to, count: key.count, escaped: false), &nfa)
                    nfa.addEdge(here, edge.lo, edge.hi, to)
                    continue
                }
                for (range, counts, escape) in Self.byteClasses(edge.lo...edge.hi) {
                    var next = key.count + (counts ? 1 : 0)
                    if next > Int32(cap) {
                        if max != nil { continue }
                        next = Int32(cap)
                    }
                    let to = id(Key(state: edge.to, count: next, escaped: escape), &nfa)
                    nfa.addEdge(here, range.lowerBound, range.upperBound, to)
                }
            }
        }
        return ByteNFA.Fragment(start: start, end: exit)
    }

    /// `range` split by what a byte means for counting: whether it starts a character and whether it opens
    /// an escape.
    private static func byteClasses(
        _ range: ClosedRange<UInt8>
    ) -> [(ClosedRange<UInt8>, counts: Bool, escape: Bool)] {
        let kinds: [(ClosedRange<UInt8>, Bool, Bool)] = [
            (0x00...0x5B, true, false), (0x5C...0x5C, true, true), (0x5D...0x7F, true, false),
            (0x80...0xBF, false, false), (0xC0...0xFF, true, false),
        ]
        var out: [(ClosedRange<UInt8>, counts: Bool, escape: Bool)] = []
        for (kind, counts, escape) in kinds {
            let lo = Swift.max(kind.lowerBound, range.lowerBound), hi = Swift.min(kind.upperBound, range.upperBound)
            if lo <= hi { out.append((lo...hi, counts, escape)) }
        }
        return out
    }
}
