import Synchronization
import SwitchyardCore

/// A compiled constraint: the frozen NFA and its lazily built DFA with per-state token masks, behind a lock
/// so that one compiled constraint can serve many generations at once. Hot paths take the lock once per
/// token (a mask lookup or a walk of the token trie), never per trie node.
final class ConstraintAutomaton: Sendable {
    private let dfa: Mutex<LazyDFA>

    /// Refuses an empty language (`constraint_unsatisfiable`) and oversized automata.
    init(_ nfa: ByteNFA, _ fragment: ByteNFA.Fragment, what: String) throws(SwitchyardError) {
        guard nfa.stateCount <= ByteNFA.stateLimit else {
            throw SwitchyardError(
                code: "constraint_too_large",
                message: "\(what) expands to \(nfa.stateCount) automaton states (limit \(ByteNFA.stateLimit)); "
                    + "use smaller length/item bounds or fewer alternatives.")
        }
        guard let d = LazyDFA(FrozenNFA(nfa, fragment)) else {
            throw SwitchyardError(
                code: "constraint_unsatisfiable",
                message: "\(what) admits no output at all (contradictory bounds, an empty enum, or recursion "
                    + "with no way to stop); loosen it.")
        }
        dfa = Mutex(d)
    }

    static let start: Int32 = 0

    func step(_ state: Int32, _ byte: UInt8) -> Int32 {
        guard state >= 0 else { return LazyDFA.dead }
        return dfa.withLock { $0.step(state, byte) }
    }

    func step(_ state: Int32, _ bytes: [UInt8]) -> Int32 {
        guard state >= 0 else { return LazyDFA.dead }
        return dfa.withLock { d in
            var s = state
            for b in bytes {
                s = d.step(s, b)
                if s < 0 { break }
            }
            return s
        }
    }

    /// (accepting, has moves, distance to acceptance) of a live state.
    func info(_ state: Int32) -> (accepting: Bool, hasMoves: Bool, distance: Int32) {
        guard state >= 0 else { return (false, false, .max) }
        return dfa.withLock { ($0.accepting[Int(state)], $0.hasMoves[Int(state)], $0.distance[Int(state)]) }
    }

    var stateCount: Int { dfa.withLock { $0.stateCount } }

    /// The tokens of `vocabulary` allowed in `state` (cached per state).
    func mask(_ state: Int32, _ vocabulary: TokenVocabulary) -> TokenMask {
        guard state >= 0 else { return Self.empty(vocabulary) }
        return dfa.withLock { d in
            let key = ObjectIdentifier(vocabulary)
            if d.maskVocabulary != key {
                d.maskVocabulary = key
                for k in d.masks.indices { d.masks[k] = nil }
            }
            if let m = d.masks[Int(state)] { return m }
            let m = Self.walk(&d, state, vocabulary, budget: .max)
            d.masks[Int(state)] = m
            return m
        }
    }

    /// The allowed tokens after which acceptance is at most `budget` bytes away (not cached: used only when
    /// a generation is about to run out of tokens).
    func mask(_ state: Int32, _ vocabulary: TokenVocabulary, budget: Int32) -> TokenMask {
        guard state >= 0 else { return Self.empty(vocabulary) }
        return dfa.withLock { Self.walk(&$0, state, vocabulary, budget: budget) }
    }

    private static func empty(_ v: TokenVocabulary) -> TokenMask {
        TokenMask(bits: [UInt64](repeating: 0, count: (v.size + 63) / 64), count: 0, ids: [], maxDistanceAfter: 0)
    }

    private static func walk(_ d: inout LazyDFA, _ state: Int32, _ v: TokenVocabulary, budget: Int32) -> TokenMask {
        var bits = [UInt64](repeating: 0, count: (v.size + 63) / 64)
        var count = 0
        var maxAfter: Int32 = 0
        var stack = [Int32](repeating: 0, count: v.maxDepth + 1)
        stack[0] = state
        let n = v.byte.count
        var k = 0
        v.byte.withUnsafeBufferPointer { byte in
            v.depth.withUnsafeBufferPointer { depth in
                v.next.withUnsafeBufferPointer { next in
                    while k < n {
                        let level = Int(depth[k])
                        let t = d.step(stack[level - 1], byte[k])
                        if t < 0 {
                            k = Int(next[k])
                            continue
                        }
                        stack[level] = t
                        let lo = Int(v.tokenStart[k]), hi = Int(v.tokenStart[k + 1])
                        if lo < hi {
                            let dist = d.distance[Int(t)]
                            if dist <= budget {
                                for j in lo..<hi {
                                    let id = Int(v.tokens[j])
                                    bits[id >> 6] |= 1 << UInt64(id & 63)
                                }
                                count += hi - lo
                                maxAfter = max(maxAfter, dist)
                            }
                        }
                        k += 1
                    }
                }
            }
        }
        var ids: [Int32]?
        if count <= v.size / 16 {
            var list: [Int32] = []
            list.reserveCapacity(count)
            for (w, word) in bits.enumerated() where word != 0 {
                var x = word
                while x != 0 {
                    list.append(Int32(w * 64 + x.trailingZeroBitCount))
                    x &= x - 1
                }
            }
            ids = list
        }
        return TokenMask(bits: bits, count: count, ids: ids, maxDistanceAfter: maxAfter)
    }
}
