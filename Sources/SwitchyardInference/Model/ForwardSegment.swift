/// One sequence's part of a batched forward pass: `tokens` at positions `start ..< start + tokens.count`, whose
/// keys and values go to `cache`; with `logits`, the last token's logits are computed.
struct ForwardSegment {
    var tokens: ArraySlice<Int32>
    var start: Int
    var cache: KVCache
    var logits: Bool
}

/// Where each segment's tokens sit in a batched forward pass: rows in segment order, one per token.
struct BatchLayout {
    /// Every token, segment after segment.
    let tokens: [Int32]
    /// Each row's position in its own sequence.
    let positions: [Int]
    /// Each row's segment index.
    let segmentOfRow: [Int]
    /// Each row's kernel variant, chosen by its segment's size (see `KernelChoice`).
    let kernels: [KernelChoice]
    /// The last row of each segment that wants logits, in segment order.
    let logitRows: [Int]

    init(_ segments: [ForwardSegment]) {
        var tokens: [Int32] = [], positions: [Int] = [], segmentOfRow: [Int] = [], kernels: [KernelChoice] = []
        var logitRows: [Int] = []
        for (i, s) in segments.enumerated() {
            tokens += s.tokens
            positions += s.start..<(s.start + s.tokens.count)
            segmentOfRow += repeatElement(i, count: s.tokens.count)
            kernels += KernelChoice.forBatch(of: s.tokens.count)
            if s.logits && !s.tokens.isEmpty { logitRows.append(tokens.count - 1) }
        }
        self.tokens = tokens
        self.positions = positions
        self.segmentOfRow = segmentOfRow
        self.kernels = kernels
        self.logitRows = logitRows
    }

    /// Number of tokens in the pass.
    var rows: Int { tokens.count }
}
