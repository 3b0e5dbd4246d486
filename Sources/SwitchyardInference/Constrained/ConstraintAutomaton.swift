import Synchronization
import SwitchyardCore

/// A compiled constraint: the frozen NFA and its lazily built DFA with per-state token masks, behind a lock
/// so that one compiled constraint can serve many generations at once. Hot paths take the lock once per
/// token (a mask lookup or a walk of the token trie), never per trie node.
final class ConstraintAutomaton: Sendable {
    private let dfa: Mutex<LazyDFA>

    /// Refuses an empty language (`constraint_unsatisfiable`) and oversized automata. `templates` are the
    /// sub-automata that `nfa`'s call states (and theirs) name.
    init(
        _ nfa: ByteNFA, _ fragment: ByteNFA.Fragment, templates: [FrozenNFA] = [], what: String
    ) throws(SwitchyardError) {
        let total = templates.reduce(nfa.stateCount) { $0 + $1.stateCount }
        guard total <= ByteNFA.stateLimit else {
            throw SwitchyardError(
                code: .constraintTooLarge,
                message: "\(what) expands to \(total) automaton states (limit \(ByteNFA.stateLimit)); "
                    + "use smaller length/item bounds or fewer alternatives.")
        }
        let root = FrozenNFA(nfa, fragment) { templates[Int($0)].minimumLength }
        let all = templates + [root]
        guard let d = LazyDFA(ExpandingNFA(templates: all, root: Int32(all.count - 1))) else {
            throw SwitchyardError(
                code: .constraintUnsatisfiable,
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

    /// NFA states made so far: the root template and the copies of the templates generation has entered.
    var expandedStates: Int { dfa.withLock { $0.nfa.stateCount } }

    /// The tokens of `vocabulary` allowed in `state` (cached per state).
    func mask(_ state: Int32, _ vocabulary: TokenVocabulary) -> TokenMask {
        guard state >= 0 else { return Self.empty(vocabulary) }
        return dfa.withLock { d in
            Self.select(&d, vocabulary)
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

    /// How to close the output fastest from `state`: the tokens that shorten the distance to acceptance the
    /// most, and how many tokens always taking such tokens needs at worst (cached per state).
    func closing(_ state: Int32, _ vocabulary: TokenVocabulary) -> ClosingStep {
        guard state >= 0 else { return ClosingStep(tokens: Self.empty(vocabulary), tokensToAccept: .max) }
        return dfa.withLock { d in
            Self.select(&d, vocabulary)
            return Self.closingStep(&d, state, vocabulary)
        }
    }

    private static func select(_ d: inout LazyDFA, _ vocabulary: TokenVocabulary) {
        let key = ObjectIdentifier(vocabulary)
        guard d.maskVocabulary != key else { return }
        d.maskVocabulary = key
        for k in d.masks.indices {
            d.masks[k] = nil
            d.closing[k] = nil
            d.greedy[k] = nil
        }
    }

    private static func closingStep(_ d: inout LazyDFA, _ state: Int32, _ v: TokenVocabulary) -> ClosingStep {
        if let c = d.closing[Int(state)] { return c }
        if d.accepting[Int(state)] {
            let c = ClosingStep(tokens: empty(v), tokensToAccept: 0)
            d.closing[Int(state)] = c
            return c
        }
        if d.greedy[Int(state)] == nil { d.masks[Int(state)] = walk(&d, state, v, budget: .max) }
        let g = d.greedy[Int(state)]!
        var bits = [UInt64](repeating: 0, count: (v.size + 63) / 64)
        for id in g.ids { bits[Int(id) >> 6] |= 1 << UInt64(id & 63) }
        let ids = g.ids.sorted()
        let nexts = Set(g.next)
        let here = d.distance[Int(state)], best = g.gain
        var worst: Int32 = 0
        for n in nexts { worst = max(worst, closingStep(&d, n, v).tokensToAccept) }
        let c = ClosingStep(
            tokens: TokenMask(bits: bits, count: ids.count, ids: ids.sorted(), maxDistanceAfter: here - best),
            tokensToAccept: ids.isEmpty || worst == .max ? .max : worst + 1)
        d.closing[Int(state)] = c
        return c
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
        let here = d.distance[Int(state)]
        var greedy = GreedyTokens()
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
                            let gain = here - dist
                            if gain > 0 && gain >= greedy.gain {
                                if gain > greedy.gain {
                                    greedy = GreedyTokens(ids: [], next: [], gain: gain)
                                }
                                for j in lo..<hi { greedy.ids.append(v.tokens[j]) }
                                greedy.next.append(t)
                            }
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
        if budget == .max { d.greedy[Int(state)] = greedy }
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

/// The fastest way to close an output from one automaton state.
struct ClosingStep: Sendable {
    /// The tokens that shorten the distance to acceptance (in bytes) the most.
    var tokens: TokenMask
    /// How many tokens closing takes when every step picks one of `tokens` (the worst choice among them);
    /// `Int32.max` when the vocabulary cannot close at all.
    var tokensToAccept: Int32
}
