/// SentencePiece-style BPE (llama.cpp's "SPM" vocabularies, e.g. Gemma): merges by token score with
/// `<0xNN>` byte fallback.
///
/// The text (spaces already replaced by `▁`) starts as one symbol per UTF-8 character. Any adjacent pair whose
/// concatenation is a vocabulary token is a candidate; the candidate with the highest token score (leftmost on
/// ties) is merged until none is left. Each final symbol is its token, or, when a single character is not in
/// the vocabulary, the byte tokens `<0xNN>` of its UTF-8 bytes. Follows llama.cpp `llm_tokenizer_spm_session`.
struct SentencePieceMerger: Sendable {
    private let lookup: ByteStringTable
    private let scores: [Float]
    /// The `<0xNN>` token of each byte, or the single-byte token, or the unknown token (-1 if none).
    private let byteToken: [Int32]

    init(lookup: ByteStringTable, scores: [Float], unknownID: Int32?) {
        self.lookup = lookup
        self.scores = scores
        let hex = Array("0123456789ABCDEF".utf8)
        byteToken = (0..<256).map { b in
            let name: [UInt8] = Array("<0x".utf8) + [hex[b >> 4], hex[b & 15], UInt8(ascii: ">")]
            return lookup.lookup(name) ?? lookup.lookup([UInt8(b)]) ?? unknownID ?? -1
        }
    }

    /// Scratch space reused across the fragments of one encode call.
    struct Workspace {
        var start: [Int32] = []
        var length: [Int32] = []
        var next: [Int32] = []
        var prev: [Int32] = []
        var heap = MergeHeap()
    }

    /// Appends the tokens of `text` (UTF-8, spaces escaped as `▁`) to `out`.
    func encode(_ text: UnsafeBufferPointer<UInt8>, into out: inout [Int32], _ ws: inout Workspace) {
        guard !text.isEmpty else { return }
        ws.start.removeAll(keepingCapacity: true)
        ws.length.removeAll(keepingCapacity: true)
        ws.next.removeAll(keepingCapacity: true)
        ws.prev.removeAll(keepingCapacity: true)
        ws.heap.removeAll()
        var offset = 0
        while offset < text.count {
            let len = min(Self.utf8Length(text[offset]), text.count - offset)
            ws.prev.append(Int32(ws.start.count - 1))
            ws.start.append(Int32(offset))
            ws.length.append(Int32(len))
            offset += len
            ws.next.append(offset == text.count ? -1 : Int32(ws.start.count))
        }
        for i in 1..<ws.start.count { queue(Int32(i - 1), Int32(i), text, &ws) }
        while let e = ws.heap.pop() {
            let l = Int(e.left)
            let r = Int(e.right)
            guard ws.length[l] > 0, ws.length[r] > 0, Int64(ws.length[l] + ws.length[r]) == e.check else { continue }
            ws.length[l] += ws.length[r]
            ws.length[r] = 0
            let rn = ws.next[r]
            ws.next[l] = rn
            if rn >= 0 { ws.prev[Int(rn)] = e.left }
            if ws.prev[l] >= 0 { queue(ws.prev[l], e.left, text, &ws) }
            if rn >= 0 { queue(e.left, rn, text, &ws) }
        }
        var i = 0
        while i >= 0 {
            let piece = UnsafeBufferPointer(rebasing: text[Int(ws.start[i])..<Int(ws.start[i] + ws.length[i])])
            if let id = lookup.lookup(piece) {
                out.append(id)
            } else {
                for b in piece where byteToken[Int(b)] >= 0 { out.append(byteToken[Int(b)]) }
            }
            i = Int(ws.next[i])
        }
    }

    @inline(__always)
    private func queue(_ l: Int32, _ r: Int32, _ text: UnsafeBufferPointer<UInt8>, _ ws: inout Workspace) {
        let s = Int(ws.start[Int(l)])
        let n = Int(ws.length[Int(l)] + ws.length[Int(r)])
        guard let id = lookup.lookup(UnsafeBufferPointer(rebasing: text[s..<(s + n)])) else { return }
        // Highest score first: the heap pops the smallest priority.
        ws.heap.push(.init(priority: -scores[Int(id)], left: l, right: r, check: Int64(n)))
    }

    /// The length of the UTF-8 sequence a lead byte starts (1 for continuation bytes), as llama.cpp's
    /// `unicode_len_utf8`.
    @inline(__always)
    static func utf8Length(_ b: UInt8) -> Int {
        b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
    }
}
