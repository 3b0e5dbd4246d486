/// The BERT encoder forward pass with mean pooling and L2 normalization (a sentence-transformers
/// `Transformer → Pooling(mean) → Normalize` pipeline), for a batch of token-id sequences.
///
/// The batch is packed, not padded: the sequences' tokens are stacked into one matrix, so the Linear layers
/// run once over every real token and nothing is computed for padding; attention runs per sequence, which is
/// exactly what an attention mask over padding achieves. Each row's result is independent of which other
/// sequences share its batch.
struct BertEncoder: Sendable {
    let configuration: BertConfiguration
    let weights: BertWeights

    /// The pooled, L2-normalized embedding of every sequence (each `[CLS] … [SEP]`, at most
    /// `maximumPositions` ids, every id below `vocabularySize`).
    func embed(_ batch: [[Int32]], parallel: EmbeddingParallel) -> [[Float]] {
        let c = configuration
        let h = c.hiddenSize
        var starts: [Int] = []
        var total = 0
        for ids in batch {
            precondition(ids.count <= c.maximumPositions, "sequence longer than the position table")
            starts.append(total)
            total += ids.count
        }
        let rows = (total + EmbeddingGemm.rows - 1) / EmbeddingGemm.rows * EmbeddingGemm.rows
        guard total > 0 else { return batch.map { _ in [Float](repeating: 0, count: h) } }
        let workspace = BertWorkspace(rows: rows, configuration: c)
        defer { workspace.release() }
        let hidden = workspace.hidden

        embedTokens(batch, starts: starts, into: hidden, parallel: parallel)
        for layer in weights.layers {
            layer.qkv.apply(hidden, rows: rows, into: workspace.qkv, parallel: parallel)
            attend(batch, starts: starts, workspace: workspace, parallel: parallel)
            layer.attentionOutput.apply(workspace.context, rows: rows, into: workspace.projected, parallel: parallel)
            normalize(
                hidden, adding: workspace.projected, rows: total, layer.attentionNormGamma, layer.attentionNormBeta,
                parallel)
            layer.intermediate.apply(hidden, rows: rows, into: workspace.intermediate, gelu: true, parallel: parallel)
            layer.output.apply(workspace.intermediate, rows: rows, into: workspace.projected, parallel: parallel)
            normalize(
                hidden, adding: workspace.projected, rows: total, layer.outputNormGamma, layer.outputNormBeta, parallel)
        }
        return zip(batch, starts).map { ids, start in
            Self.meanPooledUnitVector(hidden + start * h, count: ids.count, width: h)
        }
    }

    /// `x_i = LN(word[id_i] + position[i] + tokenType[0])` for every token of every sequence.
    private func embedTokens(
        _ batch: [[Int32]], starts: [Int], into hidden: UnsafeMutablePointer<Float>, parallel: EmbeddingParallel
    ) {
        let h = configuration.hiddenSize
        weights.wordEmbeddings.withUnsafeBufferPointer { word in
            weights.positionEmbeddings.withUnsafeBufferPointer { position in
                weights.tokenTypeEmbedding.withUnsafeBufferPointer { type in
                    for (ids, start) in zip(batch, starts) {
                        for (i, id) in ids.enumerated() {
                            let row = hidden + (start + i) * h
                            let w = word.baseAddress! + Int(id) * h
                            let p = position.baseAddress! + i * h
                            for j in 0..<h { row[j] = w[j] + p[j] + type[j] }
                        }
                    }
                }
            }
        }
        let total = starts.last.map { $0 + batch.last!.count } ?? 0
        normalize(hidden, adding: nil, rows: total, weights.embeddingNormGamma, weights.embeddingNormBeta, parallel)
    }

    /// Self-attention of every head of every sequence, `qkv` → `context`. Work items (sequence, head) are
    /// dealt round-robin so that long and short sequences spread over the threads.
    private func attend(_ batch: [[Int32]], starts: [Int], workspace: BertWorkspace, parallel: EmbeddingParallel) {
        let c = configuration
        let h = c.hiddenSize, d = c.headSize, heads = c.headCount
        let items = batch.count * heads
        let longest = batch.map(\.count).max() ?? 0
        let scratchCount = EmbeddingAttention.scratchCount(maximumLength: longest, headSize: d)
        let shares = min(parallel.threads, items)
        let qkv = workspace.qkv, context = workspace.context
        parallel.forEachShare(shares) { share in
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchCount)
            defer { scratch.deallocate() }
            for item in stride(from: share, to: items, by: shares) {
                let sequence = item / heads, head = item % heads
                let start = starts[sequence]
                EmbeddingAttention.head(
                    qkv: qkv + start * 3 * h, stride: 3 * h, q: head * d, k: h + head * d, v: 2 * h + head * d,
                    length: batch[sequence].count, headSize: d,
                    out: context + start * h + head * d, outStride: h, scratch: scratch)
            }
        }
    }

    private func normalize(
        _ x: UnsafeMutablePointer<Float>, adding residual: UnsafeMutablePointer<Float>?, rows: Int,
        _ gamma: [Float], _ beta: [Float], _ parallel: EmbeddingParallel
    ) {
        let h = configuration.hiddenSize, eps = configuration.layerNormEpsilon
        gamma.withUnsafeBufferPointer { g in
            beta.withUnsafeBufferPointer { b in
                parallel.forRanges(rows, grain: 32) { range in
                    EmbeddingLayerNorm.apply(
                        x, adding: residual.map { UnsafePointer($0) }, rows: range, width: h,
                        gamma: g.baseAddress!, beta: b.baseAddress!, epsilon: eps)
                }
            }
        }
    }

    /// Mean over the sequence's tokens ([CLS] and [SEP] included, as sentence-transformers' mean pooling
    /// with an all-ones mask), then division by the L2 norm (floored at 1e-12, as `F.normalize`).
    static func meanPooledUnitVector(_ rows: UnsafePointer<Float>, count: Int, width: Int) -> [Float] {
        var sum = [Double](repeating: 0, count: width)
        for r in 0..<count {
            for j in 0..<width { sum[j] += Double(rows[r * width + j]) }
        }
        let mean = sum.map { $0 / Double(count) }
        let norm = max(mean.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
        return mean.map { Float($0 / norm) }
    }
}
