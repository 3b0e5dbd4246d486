import SwitchyardCore

/// A parsed regular expression of the supported subset (see `RegexParser`), ready to compile into a
/// `ByteNFA` either as raw text or as the content of a JSON string.
indirect enum RegexNode: Sendable {
    case empty
    /// One character.
    case character(Unicode.Scalar)
    /// One character of a class; `extra` holds non-ASCII members written literally (`[äö]`).
    case set(CharacterClass, extra: [Unicode.Scalar])
    case concat([RegexNode])
    case alternation([RegexNode])
    case repetition(RegexNode, min: Int, max: Int?)

    /// Adds this expression to `nfa`; `jsonString` writes each character as it appears inside a JSON string
    /// literal (so the decoded string is what the expression matches).
    func build(into nfa: inout ByteNFA, jsonString: Bool) -> ByteNFA.Fragment {
        switch self {
        case .empty:
            return nfa.epsilon()
        case .character(let c):
            if c.isASCII { return nfa.character(in: .of(UInt8(c.value)...UInt8(c.value)), jsonString: jsonString) }
            return nfa.literal(Array(String(c).utf8))
        case .set(let cls, let extra):
            var parts = [nfa.character(in: cls, jsonString: jsonString)]
            for c in extra { parts.append(nfa.literal(Array(String(c).utf8))) }
            return nfa.choice(parts)
        case .concat(let nodes):
            var parts: [ByteNFA.Fragment] = []
            for n in nodes { parts.append(n.build(into: &nfa, jsonString: jsonString)) }
            return nfa.sequence(parts)
        case .alternation(let nodes):
            var parts: [ByteNFA.Fragment] = []
            for n in nodes { parts.append(n.build(into: &nfa, jsonString: jsonString)) }
            return nfa.choice(parts)
        case .repetition(let node, let min, let max):
            return nfa.repeating(min: min, max: max) { node.build(into: &$0, jsonString: jsonString) }
        }
    }

    /// The largest number of NFA copies a repetition could expand to (to refuse huge `{m,n}` early).
    var expansionWeight: Int {
        switch self {
        case .empty, .character, .set: return 1
        case .concat(let ns), .alternation(let ns): return ns.reduce(0) { $0 + $1.expansionWeight }
        case .repetition(let n, let min, let max): return n.expansionWeight * Swift.max(1, Swift.max(min, max ?? min))
        }
    }
}
