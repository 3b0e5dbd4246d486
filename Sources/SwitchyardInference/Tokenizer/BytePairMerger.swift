import SwitchyardCore

/// Byte-level BPE (GPT-2 style): the merges of one pre-tokenized piece, by merge rank.
///
/// Every byte of a piece starts as the symbol of its GPT-2 map character; the adjacent pair with the lowest
/// merge rank (leftmost on ties) is merged until no ranked pair is left, then each symbol becomes its token.
/// Symbols are interned strings: ids below the vocabulary size are tokens, ids above are merge parts that are
/// not tokens (kept so the merge order stays exact). Follows llama.cpp `llm_tokenizer_bpe_session::tokenize`.
struct BytePairMerger: Sendable {
    /// Interned symbol strings (byte-level form) → symbol id.
    private let symbols: ByteStringTable
    private let vocabularySize: Int32
    /// (left id << 32 | right id) → (rank << 32 | merged id).
    private let merges: [UInt64: UInt64]
    /// The symbol of each byte's map character, -1 when the vocabulary has no such string.
    private let byteSymbol: [Int32]
    /// Whether a piece that is itself a token is emitted whole without merging (llama.cpp `ignore_merges`).
    let ignoreMerges: Bool

    init(tokens: [String], merges mergeStrings: [String], ignoreMerges: Bool) throws {
        var table = ByteStringTable(capacity: tokens.count + mergeStrings.count)
        for (i, t) in tokens.enumerated() { table.insert(Array(t.utf8), id: Int32(i)) }
        vocabularySize = Int32(tokens.count)
        var nextID = Int32(tokens.count)
        func intern(_ bytes: [UInt8]) -> Int32 {
            if let id = table.lookup(bytes) { return id }
            table.insert(bytes, id: nextID)
            nextID += 1
            return nextID - 1
        }
        var merges: [UInt64: UInt64] = [:]
        merges.reserveCapacity(mergeStrings.count)
        for (rank, m) in mergeStrings.enumerated() {
            let b = Array(m.utf8)
            // llama.cpp splits at the first space after the first byte.
            guard b.count >= 3, let sp = b[1...].firstIndex(of: 0x20) else {
                throw SwitchyardError(
                    code: .tokenizerMetadataInvalid,
                    message:
                        "BPE merge #\(rank) '\(m)' is not of the form 'A B'; the GGUF tokenizer.ggml.merges is corrupt."
                )
            }
            let left = Array(b[..<sp])
            let right = Array(b[(sp + 1)...])
            let l = intern(left)
            let r = intern(right)
            let key = UInt64(UInt32(bitPattern: l)) << 32 | UInt64(UInt32(bitPattern: r))
            if merges[key] == nil {  // the first rank of a duplicated pair wins (std::map::emplace)
                let merged = intern(left + right)
                merges[key] = UInt64(rank) << 32 | UInt64(UInt32(bitPattern: merged))
            }
        }
        self.merges = merges
        symbols = table
        byteSymbol = (0..<256).map { b in
            table.lookup(Array(String(Unicode.Scalar(ByteLevelEncoding.scalarForByte[b])!).utf8)) ?? -1
        }
        self.ignoreMerges = ignoreMerges
    }

    /// Scratch space reused across the pieces of one encode call.
    struct Workspace {
        var ids: [Int32] = []
        var next: [Int32] = []
        var prev: [Int32] = []
        var heap = MergeHeap()
        var encoded: [UInt8] = []
    }

    /// Appends the tokens of one piece (its raw bytes) to `out`.
    func encode(_ piece: UnsafeBufferPointer<UInt8>, into out: inout [Int32], _ ws: inout Workspace) {
        let n = piece.count
        guard n > 0 else { return }
        if ignoreMerges {
            encodeByteLevel(piece, into: &ws.encoded)
            if let id = ws.encoded.withUnsafeBufferPointer({ symbols.lookup($0) }), id < vocabularySize {
                out.append(id)
                return
            }
        }
        if n == 1 {
            emit(symbol: byteSymbol[Int(piece[0])], bytes: piece, into: &out, &ws)
            return
        }
        ws.ids.removeAll(keepingCapacity: true)
        ws.next.removeAll(keepingCapacity: true)
        ws.prev.removeAll(keepingCapacity: true)
        ws.heap.removeAll()
        for i in 0..<n {
            ws.ids.append(byteSymbol[Int(piece[i])])
            ws.prev.append(Int32(i - 1))
            ws.next.append(i == n - 1 ? -1 : Int32(i + 1))
        }
        for i in 1..<n { queue(Int32(i - 1), Int32(i), &ws) }
        while let e = ws.heap.pop() {
            let l = Int(e.left)
            let r = Int(e.right)
            // Stale: one side was merged away or changed since this pair was queued.
            guard ws.ids[l] >= -1, ws.ids[r] >= -1, ws.next[l] == e.right,
                e.check == pairKey(ws.ids[l], ws.ids[r])
            else { continue }
            let merged = merges[UInt64(bitPattern: e.check)]!
            ws.ids[l] = Int32(bitPattern: UInt32(truncatingIfNeeded: merged))
            ws.ids[r] = -2  // dead
            let rn = ws.next[r]
            ws.next[l] = rn
            if rn >= 0 { ws.prev[Int(rn)] = e.left }
            if ws.prev[l] >= 0 { queue(ws.prev[l], e.left, &ws) }
            if rn >= 0 { queue(e.left, rn, &ws) }
        }
        var i = 0
        while i >= 0 {
            let end = ws.next[i] >= 0 ? Int(ws.next[i]) : n
            emit(symbol: ws.ids[i], bytes: UnsafeBufferPointer(rebasing: piece[i..<end]), into: &out, &ws)
            i = Int(ws.next[i])
        }
    }

    @inline(__always)
    private func pairKey(_ l: Int32, _ r: Int32) -> Int64 {
        Int64(bitPattern: UInt64(UInt32(bitPattern: l)) << 32 | UInt64(UInt32(bitPattern: r)))
    }

    @inline(__always)
    private func queue(_ l: Int32, _ r: Int32, _ ws: inout Workspace) {
        let a = ws.ids[Int(l)]
        let b = ws.ids[Int(r)]
        guard a >= 0, b >= 0 else { return }
        let key = pairKey(a, b)
        guard let m = merges[UInt64(bitPattern: key)] else { return }
        ws.heap.push(.init(priority: Float(m >> 32), left: l, right: r, check: key))
    }

    /// Emits a final symbol: its token, or (when the symbol is not a token) the tokens of the single bytes of
    /// its byte-level form that are tokens, as llama.cpp does.
    @inline(__always)
    private func emit(symbol: Int32, bytes: UnsafeBufferPointer<UInt8>, into out: inout [Int32], _ ws: inout Workspace)
    {
        if symbol >= 0 && symbol < vocabularySize {
            out.append(symbol)
            return
        }
        encodeByteLevel(bytes, into: &ws.encoded)
        for b in ws.encoded {
            if let id = symbols.lookup([b]), id < vocabularySize { out.append(id) }
        }
    }

    private func encodeByteLevel(_ bytes: UnsafeBufferPointer<UInt8>, into buf: inout [UInt8]) {
        buf.removeAll(keepingCapacity: true)
        for b in bytes {
            let s = ByteLevelEncoding.scalarForByte[Int(b)]
            if s < 0x80 {
                buf.append(UInt8(s))
            } else {
                buf.append(UInt8(0xC0 | (s >> 6)))
                buf.append(UInt8(0x80 | (s & 0x3F)))
            }
        }
    }
}
