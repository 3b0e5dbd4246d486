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
        candidates = list.sorted { $0.bytes.count != $1.bytes.count ? $0.bytes.count > $1.bytes.count : $0.id < $1.id }
    }

    /// Whether any candidate is matched with `parseSpecial` off (then `split` must run even for plain text).
    var hasAlwaysMatched: Bool { candidates.contains { $0.alwaysMatched } }

    /// Splits `text` into text fragments and special tokens.
    func split(_ text: UnsafeBufferPointer<UInt8>, parseSpecial: Bool) -> [Fragment] {
        guard !text.isEmpty else { return [] }
        var fragments: [Fragment] = [.text(0..<text.count)]
        // Which bytes occur at all, to skip candidates that cannot match.
        var present = [Bool](repeating: false, count: 256)
        for b in text { present[Int(b)] = true }
        var next: [Fragment] = []
        for c in candidates where (parseSpecial || c.alwaysMatched) && present[Int(c.bytes[0])] {
            guard c.bytes.count <= text.count else { continue }
            var changed = false
            next.removeAll(keepingCapacity: true)
            for f in fragments {
                guard case .text(let range) = f, range.count >= c.bytes.count else {
                    next.append(f)
                    continue
                }
                var from = range.lowerBound
                while let m = Self.find(c.bytes, in: text, from: from, to: range.upperBound) {
                    if m > from { next.append(.text(from..<m)) }
                    next.append(.token(c.id))
                    from = m + c.bytes.count
                    changed = true
                }
                if from < range.upperBound { next.append(.text(from..<range.upperBound)) }
            }
            if changed { swap(&fragments, &next) }
        }
        return fragments
    }

    /// The first index `>= from` where `needle` occurs entirely before `to`.
    private static func find(_ needle: [UInt8], in hay: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        let n = needle.count
        guard to - from >= n else { return nil }
        return needle.withUnsafeBufferPointer { nd in
            let first = nd[0]
            var i = from
            let last = to - n
            while i <= last {
                if hay[i] == first {
                    var j = 1
                    while j < n && hay[i + j] == nd[j] { j += 1 }
                    if j == n { return i }
                }
                i += 1
            }
            return nil
        }
    }
}
