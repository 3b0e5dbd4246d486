/// The fragment combinators a compiler needs; `ByteNFA` implements them, and compilers that own a
/// `ByteNFA` forward to it, so that repetition can rebuild a sub-expression through the compiler itself.
protocol NFABuilder {
    mutating func epsilon() -> ByteNFA.Fragment
    mutating func literal(_ bytes: [UInt8]) -> ByteNFA.Fragment
    mutating func sequence(_ parts: [ByteNFA.Fragment]) -> ByteNFA.Fragment
    mutating func optional(_ part: ByteNFA.Fragment) -> ByteNFA.Fragment
    mutating func star(_ part: ByteNFA.Fragment) -> ByteNFA.Fragment
}

extension NFABuilder {
    /// Between `min` and `max` (nil: unbounded) repetitions; `make` builds a fresh copy for each bounded one.
    mutating func repeating<E: Error>(
        min: Int, max: Int?, _ make: (inout Self) throws(E) -> ByteNFA.Fragment
    ) throws(E) -> ByteNFA.Fragment {
        var parts: [ByteNFA.Fragment] = []
        for _ in 0..<min { parts.append(try make(&self)) }
        if let max {
            var tail = epsilon()
            if max > min {
                for _ in 0..<(max - min) {
                    let item = try make(&self)
                    tail = optional(sequence([item, tail]))
                }
            }
            parts.append(tail)
        } else {
            parts.append(star(try make(&self)))
        }
        return sequence(parts)
    }

    /// `min`…`max` items separated by `separator` (`[a,b,c]`-style lists without the brackets).
    mutating func separated<E: Error>(
        min: Int, max: Int?, separator: [UInt8], _ make: (inout Self) throws(E) -> ByteNFA.Fragment
    ) throws(E) -> ByteNFA.Fragment {
        if let max, max == 0 { return epsilon() }
        let first = try make(&self)
        let rest = try repeating(min: Swift.max(min - 1, 0), max: max.map { $0 - 1 }) {
            (nfa: inout Self) throws(E) -> ByteNFA.Fragment in
            let sep = nfa.literal(separator)
            return nfa.sequence([sep, try make(&nfa)])
        }
        let some = sequence([first, rest])
        return min == 0 ? optional(some) : some
    }
}
