/// Every token's bytes in a trie, flattened in depth-first order: what constrained decoding walks to find
/// the tokens an automaton state allows. Built once per loaded model (`Tokenizer.constraintVocabulary`
/// caches it) and shared by every constraint and generation.
///
/// Node `k` holds one byte at depth `depth[k]` (1 = first byte of a token); `next[k]` is the index after
/// its subtree, so a walk skips a whole subtree when the automaton rejects the node's byte. Tokens that
/// print no bytes (control tokens) are not in the trie: constraints never allow them, except the stop
/// tokens at an accepting state.
public final class TokenVocabulary: Sendable {
    /// Number of token ids (the logits' length).
    public let size: Int
    let byte: [UInt8]
    let depth: [UInt16]
    let next: [Int32]
    /// Tokens ending at node `k`: `tokens[tokenStart[k]..<tokenStart[k + 1]]`.
    let tokenStart: [Int32]
    let tokens: [Int32]
    let maxDepth: Int
    /// Each token's bytes (for advancing an automaton over a sampled token).
    let pieces: [[UInt8]]
    /// Whether every byte value is a token by itself (byte-level BPE, SentencePiece with byte fallback): then
    /// an output `n` bytes from completion is at most `n` tokens from it.
    let coversAllBytes: Bool

    /// Builds the trie of `size` tokens, reading each token's bytes from `tokenizer`.
    ///
    /// - Parameters:
    ///   - tokenizer: Gives each token's bytes.
    ///   - size: The number of tokens (the logits' length).
    public convenience init(tokenizer: some GenerationTokenizer, size: Int) {
        self.init(pieces: (0..<size).map { tokenizer.pieceBytes(Int32($0)) })
    }

    /// Builds the trie of tokens whose bytes are `pieces[id]`.
    ///
    /// - Parameter pieces: Each token's bytes, by id.
    public init(pieces: [[UInt8]]) {
        self.pieces = pieces
        size = pieces.count
        let order = pieces.indices.filter { !pieces[$0].isEmpty }.sorted {
            pieces[$0].lexicographicallyPrecedes(pieces[$1])
        }
        var byte: [UInt8] = [], depth: [UInt16] = [], next: [Int32] = []
        var owner: [(node: Int32, token: Int32)] = []
        var path: [Int32] = []  // node index per depth - 1
        var previous: [UInt8] = []
        for id in order {
            let p = pieces[id]
            var common = 0
            while common < min(p.count, previous.count, path.count) && p[common] == previous[common] { common += 1 }
            while path.count > common { next[Int(path.removeLast())] = Int32(byte.count) }
            for k in common..<p.count {
                path.append(Int32(byte.count))
                byte.append(p[k])
                depth.append(UInt16(k + 1))
                next.append(0)
            }
            owner.append((path[p.count - 1], Int32(id)))
            previous = p
        }
        while let n = path.popLast() { next[Int(n)] = Int32(byte.count) }
        var start = [Int32](repeating: 0, count: byte.count + 1)
        for o in owner { start[Int(o.node) + 1] += 1 }
        for k in 0..<byte.count { start[k + 1] += start[k] }
        var fill = start
        var tokens = [Int32](repeating: 0, count: owner.count)
        for o in owner {
            tokens[Int(fill[Int(o.node)])] = o.token
            fill[Int(o.node)] += 1
        }
        self.byte = byte
        self.depth = depth
        self.next = next
        self.tokenStart = start
        self.tokens = tokens
        maxDepth = Int(depth.max() ?? 0)
        var single = Set<UInt8>()
        for p in pieces where p.count == 1 { single.insert(p[0]) }
        coversAllBytes = single.count == 256
    }
}

/// The tokens an automaton state allows, as a bit set over token ids (plus the id list when it is short,
/// which makes masking logits cheaper).
public struct TokenMask: Sendable {
    /// Bit `id % 64` of word `id / 64`.
    public var bits: [UInt64]
    /// How many tokens are allowed.
    public var count: Int
    /// The allowed ids in increasing order when there are few of them (≤ 1/16 of the vocabulary).
    public var ids: [Int32]?
    /// The largest distance to acceptance (in bytes) after any allowed token.
    var maxDistanceAfter: Int32

    /// Whether `id` is a token of this vocabulary.
    ///
    /// - Parameter id: A token id.
    @inline(__always)
    public func contains(_ id: Int32) -> Bool {
        id >= 0 && Int(id) < bits.count * 64 && bits[Int(id) >> 6] & (1 << UInt64(id & 63)) != 0
    }
}
