/// The deterministic automaton of an `ExpandingNFA`, built lazily: a state is an epsilon-closed set of live
/// NFA states, created the first time a byte leads to it; transitions are cached in a dense 256-wide table.
/// Closing over a call state makes the called template's copy (see `ExpandingNFA`).
///
/// Mutable (it grows); `ConstraintAutomaton` keeps it behind a lock and shares it across generations.
struct LazyDFA: Sendable {
    static let unknown: Int32 = -2
    static let dead: Int32 = -1

    private(set) var nfa: ExpandingNFA
    private(set) var sets: [[Int32]] = []
    private var index: [[Int32]: Int32] = [:]
    /// `transitions[state * 256 + byte]`: target, `dead` or `unknown`.
    private(set) var transitions: [Int32] = []
    private(set) var accepting: [Bool] = []
    /// Whether any byte can follow.
    private(set) var hasMoves: [Bool] = []
    /// Fewest bytes to acceptance.
    private(set) var distance: [Int32] = []
    private var stamp: [UInt32]
    private var currentStamp: UInt32 = 0
    private var stack: [Int32] = []
    /// Token masks per state, for the vocabulary `maskVocabulary` (see `ConstraintAutomaton`).
    var masks: [TokenMask?] = []
    /// The fastest way to close from each state (see `ClosingStep`), for the same vocabulary.
    var closing: [ClosingStep?] = []
    /// The most-closing tokens of each state whose mask was built (filled by the same trie walk).
    var greedy: [GreedyTokens?] = []
    var maskVocabulary: ObjectIdentifier?

    /// The start state is 0; nil when the language is empty.
    init?(_ nfa: ExpandingNFA) {
        self.nfa = nfa
        stamp = [UInt32](repeating: 0, count: nfa.stateCount)
        guard nfa.isLive(nfa.start) else { return nil }
        _ = intern(closure(of: [nfa.start]))
    }

    var stateCount: Int { sets.count }

    /// Follows `byte` from `state` (which must not be `dead`).
    @inline(__always)
    mutating func step(_ state: Int32, _ byte: UInt8) -> Int32 {
        let t = transitions[Int(state) &* 256 &+ Int(byte)]
        if t != Self.unknown { return t }
        return computeStep(state, byte)
    }

    private mutating func computeStep(_ state: Int32, _ byte: UInt8) -> Int32 {
        var targets: [Int32] = []
        for s in sets[Int(state)] {
            for e in Int(nfa.edgeStart[Int(s)])..<Int(nfa.edgeStart[Int(s) + 1])
            where nfa.edgeLo[e] <= byte && byte <= nfa.edgeHi[e] && nfa.isLive(nfa.edgeTo[e]) {
                targets.append(nfa.edgeTo[e])
            }
        }
        let result = targets.isEmpty ? Self.dead : intern(closure(of: targets))
        transitions[Int(state) * 256 + Int(byte)] = result
        return result
    }

    /// The live states reachable through epsilon edges that matter for the future: those with byte edges,
    /// and the accepting state. Sorted, so equal sets compare equal.
    private mutating func closure(of seeds: [Int32]) -> [Int32] {
        currentStamp &+= 1
        if currentStamp == 0 {
            for k in stamp.indices { stamp[k] = 0 }
            currentStamp = 1
        }
        var out: [Int32] = []
        stack.removeAll(keepingCapacity: true)
        for s in seeds where stamp[Int(s)] != currentStamp {
            stamp[Int(s)] = currentStamp
            stack.append(s)
        }
        while let s = stack.popLast() {
            let si = Int(s)
            if s == nfa.accept || nfa.edgeStart[si] != nfa.edgeStart[si + 1] { out.append(s) }
            if nfa.isCall(s) {
                let t = nfa.entry(ofCall: s)
                if stamp.count < nfa.stateCount {
                    stamp.append(contentsOf: repeatElement(0, count: nfa.stateCount - stamp.count))
                }
                if stamp[Int(t)] != currentStamp && nfa.isLive(t) {
                    stamp[Int(t)] = currentStamp
                    stack.append(t)
                }
                continue
            }
            for k in Int(nfa.epsStart[si])..<Int(nfa.epsStart[si + 1]) {
                let t = nfa.epsTo[k]
                if stamp[Int(t)] != currentStamp && nfa.isLive(t) {
                    stamp[Int(t)] = currentStamp
                    stack.append(t)
                }
            }
        }
        out.sort()
        return out
    }

    private mutating func intern(_ set: [Int32]) -> Int32 {
        if let id = index[set] { return id }
        let id = Int32(sets.count)
        sets.append(set)
        index[set] = id
        transitions.append(contentsOf: repeatElement(Self.unknown, count: 256))
        accepting.append(set.contains(nfa.accept))
        var moves = false, best = Int32.max
        for s in set {
            best = min(best, nfa.distance[Int(s)])
            for e in Int(nfa.edgeStart[Int(s)])..<Int(nfa.edgeStart[Int(s) + 1]) where nfa.isLive(nfa.edgeTo[e]) {
                moves = true
            }
        }
        hasMoves.append(moves)
        distance.append(best)
        masks.append(nil)
        closing.append(nil)
        greedy.append(nil)
        return id
    }
}

/// The tokens that shorten a state's distance to acceptance the most (`gain` bytes), and where they lead.
struct GreedyTokens: Sendable {
    var ids: [Int32] = []
    var next: [Int32] = []
    var gain: Int32 = 0
}
