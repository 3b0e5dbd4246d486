/// Cuts special tokens out of text before the tokenizer proper runs (llama.cpp `tokenizer_st_partition`).
///
/// Candidates are the control, unknown and user-defined tokens, longest text first (ties by id). Each
/// candidate in turn splits every remaining text fragment at all its non-overlapping occurrences, left to
/// right. User-defined tokens are always matched; control and unknown tokens only when `parseSpecial` is on.
struct SpecialTokenSplitter: Sendable {
    /// One piece of the split input: a byte range of raw text, or a token.
    enum Fragment: Equatable {
        case text(Range<Int>)
        case token(Int32)
    }

    private struct Candidate: Sendable {
        let id: Int32
        let bytes: [UInt8]
        let alwaysMatched: Bool
    }

    private let candidates: [Candidate]

    init(tokens: [String], attributes: [TokenAttributes]) {
        var list: [Candidate] = []
        for (i, t) in tokens.enumerated() {
            let a = i < attributes.count ? attributes[i] : .normal
            guard !a.isDisjoint(with: [.control, .unknown, .userDefined]) else { continue }
            let bytes = Array(t.utf8)
            guard !bytes.isEmpty else { continue }
            list.append(Candidate(id: Int32(i), bytes: bytes, alwaysMatched: a.isDisjoint(with: .special)))
        }
        hasAlwaysMatched = list.contains { $0.alwaysMatched }
        candidates = list.sorted { $0.bytes.count != $1.bytes.count ? $0.bytes.count > $1.bytes.count : $0.id < $1.id }
    }

    /// Whether any candidate is matched with `parseSpecial` off (then `split` must run even for plain text).
    let hasAlwaysMatched: Bool

    /// Splits `text` into text fragments and special tokens.
    ///
    /// Equivalent to llama.cpp's fragment-list walk but indexed: the positions of each candidate's first byte
    /// are listed once, and a byte taken by an earlier (longer) token is marked, so an occurrence counts only
    /// when none of its bytes is taken (= it lies inside one remaining text fragment). Scanning the positions
    /// left to right and skipping past each match keeps llama.cpp's leftmost, non-overlapping matching.
    func split(_ text: UnsafeBufferPointer<UInt8>, parseSpecial: Bool) -> [Fragment] {
        let n = text.count
        guard n > 0 else { return [] }
        var positions = [[Int32]?](repeating: nil, count: 256)
        var wanted = [Bool](repeating: false, count: 256)
        for c in candidates where parseSpecial || c.alwaysMatched { wanted[Int(c.bytes[0])] = true }
        for i in 0..<n where wanted[Int(text[i])] {
            let b = Int(text[i])
            if positions[b] == nil { positions[b] = [] }
            positions[b]!.append(Int32(i))
        }
        var taken = [Bool](repeating: false, count: n)
        var matches: [(position: Int, length: Int, id: Int32)] = []
        for c in candidates where parseSpecial || c.alwaysMatched {
            guard let list = positions[Int(c.bytes[0])] else { continue }
            let len = c.bytes.count
            var nextFree = 0
            c.bytes.withUnsafeBufferPointer { needle in
                for p32 in list {
                    let p = Int(p32)
                    if p < nextFree || taken[p] { continue }
                    if p + len > n { break }
                    var j = 1
                    while j < len && text[p + j] == needle[j] && !taken[p + j] { j += 1 }
                    guard j == len else { continue }
                    for k in p..<(p + len) { taken[k] = true }
                    matches.append((p, len, c.id))
                    nextFree = p + len
                }
            }
        }
        guard !matches.isEmpty else { return [.text(0..<n)] }
        matches.sort { $0.position < $1.position }
        var fragments: [Fragment] = []
        fragments.reserveCapacity(matches.count * 2 + 1)
        var from = 0
        for m in matches {
            if m.position > from { fragments.append(.text(from..<m.position)) }
            fragments.append(.token(m.id))
            from = m.position + m.length
        }
        if from < n { fragments.append(.text(from..<n)) }
        return fragments
    }
}
