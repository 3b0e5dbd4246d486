import Foundation
import SwitchyardCore

/// The forward pass of a llama/qwen2/gemma3 decoder over a chunk of tokens, following llama.cpp's graph
/// (`src/models/llama.cpp`, `src/models/gemma3.cpp`) and its CPU numerics: Q8 activations for quantized
/// matmuls, f16-rounded KV cache, Q rounded to f16 for Q·K and probabilities rounded to f16 for P·V (the
/// F16 `mul_mat` path without flash attention).
struct Transformer: Sendable {
    let config: ModelConfig
    let weights: ModelWeights

    /// Runs `tokens` at positions `start ..< start + tokens.count` through the model, appending their keys and
    /// values to `cache`. When `logits` is true, leaves the last token's logits in `ws.logits`.
    func forward(
        _ tokens: ArraySlice<Int32>, start: Int, cache: KVCache, ws: Workspace, pool: ComputePool, logits: Bool
    ) {
        let segment = ForwardSegment(tokens: tokens, start: start, cache: cache, logits: logits)
        forward([segment], ws: ws, pool: pool, logits: ws.logits)
    }

    /// One forward pass over the tokens of several sequences (continuous batching): each segment's tokens go
    /// to its own cache at its own positions, and every weight matrix is streamed once for all of them. Each
    /// token is computed exactly as it would be if its segment were evaluated alone (same kernels, same
    /// summation order), so batching does not change any sequence's logits. For every segment with `logits`,
    /// in order, its last token's logits (`vocabSize` floats) are written to consecutive rows of `logits`.
    func forward(
        _ segments: [ForwardSegment], ws: Workspace, pool: ComputePool, logits out: UnsafeMutablePointer<Float>
    ) {
        let c = config
        let layout = BatchLayout(segments)
        let n = layout.rows
        precondition(n <= ws.maxTokens, "batch of \(n) tokens exceeds the workspace's \(ws.maxTokens)")
        for s in segments {
            precondition(s.start + s.tokens.count <= s.cache.capacity)
            s.cache.reserve(s.start + s.tokens.count)
            ws.reserveScores(s.start + s.tokens.count)
        }
        let d = c.embedding, hd = c.headDim, qd = c.heads * hd, kvd = c.kvHeads * hd, ff = c.feedForward
        let eps = c.normEpsilon
        let kernels = layout.kernels

        for (row, id) in layout.tokens.enumerated() {
            weights.tokenEmbedding.dequantizeRow(Int(id), into: ws.x + row * d)
            if c.embeddingScale != 1 { for i in 0..<d { ws.x[row * d + i] *= c.embeddingScale } }
        }

        let half = c.ropeDims / 2
        weights.ropeFreqs.withOptionalBuffer { factors in
            for row in 0..<n {
                let o = row * c.ropeDims, pos = layout.positions[row]
                Ops.ropeTable(
                    pos: pos, dims: c.ropeDims, base: c.ropeBase, cos: ws.ropeCos + o, sin: ws.ropeSin + o,
                    factors: factors)
                Ops.ropeTable(
                    pos: pos, dims: c.ropeDims, base: c.ropeBaseLocal, cos: ws.ropeCos + o + half,
                    sin: ws.ropeSin + o + half, factors: factors)
            }
        }

        for (l, w) in weights.layers.enumerated() {
            // Attention block.
            w.attnNorm.withUnsafeBufferPointer { nw in
                for t in 0..<n { Ops.rmsNorm(ws.x + t * d, nw.baseAddress!, ws.xn + t * d, d, eps: eps) }
            }
            ws.inD.set(ws.xn, kernels: kernels)
            MatMul.apply([(w.wq, ws.q), (w.wk, ws.k), (w.wv, ws.v)], ws.inD, pool: pool)
            addBias(w.bq, ws.q, n, qd)
            addBias(w.bk, ws.k, n, kvd)
            addBias(w.bv, ws.v, n, kvd)
            let sliding = c.isSliding(layer: l)
            let tableOffset = sliding ? half : 0
            for t in 0..<n {
                let pos = layout.positions[t]
                let rc = ws.ropeCos + t * c.ropeDims + tableOffset, rs = ws.ropeSin + t * c.ropeDims + tableOffset
                for h in 0..<c.heads {
                    let qh = ws.q + t * qd + h * hd
                    if let qn = w.qNorm {
                        qn.withUnsafeBufferPointer { Ops.rmsNorm(qh, $0.baseAddress!, qh, hd, eps: eps) }
                    }
                    Ops.rope(qh, dims: c.ropeDims, cos: rc, sin: rs, style: c.ropeStyle)
                }
                for h in 0..<c.kvHeads {
                    let kh = ws.k + t * kvd + h * hd
                    if let kn = w.kNorm {
                        kn.withUnsafeBufferPointer { Ops.rmsNorm(kh, $0.baseAddress!, kh, hd, eps: eps) }
                    }
                    Ops.rope(kh, dims: c.ropeDims, cos: rc, sin: rs, style: c.ropeStyle)
                }
                let cache = segments[layout.segmentOfRow[t]].cache
                let kc = cache.key(l, pos), vc = cache.value(l, pos)
                for i in 0..<kvd {
                    kc[i] = Half.round(ws.k[t * kvd + i])
                    vc[i] = Half.round(ws.v[t * kvd + i])
                }
            }
            attention(layer: l, segments: segments, layout: layout, sliding: sliding, ws: ws, pool: pool)
            ws.inQ.set(ws.att, kernels: kernels)
            MatMul.apply(w.wo, ws.inQ, ws.tmp, pool: pool)
            residual(w.postAttnNorm, n: n, ws: ws)

            // Feed-forward block.
            w.ffnNorm.withUnsafeBufferPointer { nw in
                for t in 0..<n { Ops.rmsNorm(ws.x + t * d, nw.baseAddress!, ws.xn + t * d, d, eps: eps) }
            }
            ws.inD.set(ws.xn, kernels: kernels)
            MatMul.apply([(w.wGate, ws.gate), (w.wUp, ws.up)], ws.inD, pool: pool)
            if c.family == .gemma3 {
                Ops.geglu(ws.gate, ws.up, n * ff)
            } else {
                GGMLMath.swiglu(ws.gate, ws.up, n * ff)
            }
            ws.inFF.set(ws.gate, kernels: kernels)
            MatMul.apply(w.wDown, ws.inFF, ws.tmp, pool: pool)
            residual(w.postFFNNorm, n: n, ws: ws)
        }

        // The LM head: each segment's last token, each as a batch of one (as when evaluated alone).
        let heads = layout.logitRows
        guard !heads.isEmpty else { return }
        weights.outputNorm.withUnsafeBufferPointer { nw in
            for (i, row) in heads.enumerated() {
                Ops.rmsNorm(ws.x + row * d, nw.baseAddress!, ws.xn + i * d, d, eps: eps)
            }
        }
        ws.inD.set(ws.xn, kernels: Array(repeating: KernelChoice.forBatch(of: 1)[0], count: heads.count))
        MatMul.apply(weights.output, ws.inD, out, pool: pool)
    }

    /// `x += (postNorm ? rmsnorm(tmp)·postNorm : tmp)` for every token.
    private func residual(_ postNorm: [Float]?, n: Int, ws: Workspace) {
        let d = config.embedding
        if let pn = postNorm {
            pn.withUnsafeBufferPointer { nw in
                for t in 0..<n {
                    Ops.rmsNorm(ws.tmp + t * d, nw.baseAddress!, ws.tmp + t * d, d, eps: config.normEpsilon)
                }
            }
        }
        for i in 0..<(n * d) { ws.x[i] += ws.tmp[i] }
    }

    private func addBias(_ b: [Float]?, _ y: UnsafeMutablePointer<Float>, _ n: Int, _ width: Int) {
        guard let b else { return }
        for t in 0..<n { for i in 0..<width { y[t * width + i] += b[i] } }
    }

    /// Causal (optionally sliding-window) attention of every segment's queries over its own cache, into `ws.att`,
    /// computed as llama.cpp's non-flash-attention graph does on the CPU: `K·Q` with Q rounded to f16 and
    /// `ggml_vec_dot_f16` order, scale and mask, `ggml_vec_soft_max_f32` (vector exp, 8-wide partial sums in
    /// double) over the whole padded KV row, probabilities rounded to f16, and `P·V` in `ggml_vec_dot_f16`
    /// order along the KV positions. Which of llama.cpp's paths a token takes depends on its own segment's size.
    private func attention(
        layer l: Int, segments: [ForwardSegment], layout: BatchLayout, sliding: Bool, ws: Workspace,
        pool: ComputePool
    ) {
        let c = config
        let hd = c.headDim, qd = c.heads * hd
        let group = c.heads / c.kvHeads
        // Gemma scales Q before attention (llama.cpp gemma3.cpp: ggml_scale(Qcur, f_attention_scale), kq_scale 1);
        // llama scales the scores inside softmax.
        let preScale: Float = c.family == .gemma3 ? c.attentionScale : 1
        let postScale: Float = c.family == .gemma3 ? 1 : c.attentionScale
        // llama.cpp sizes the KQ rows of a batch by the used cells rounded up to its KV padding.
        let pad = 256
        let items = layout.rows * c.heads
        var work = 0
        for s in segments { work += s.tokens.count * c.heads * (s.start + s.tokens.count) * hd }
        let shares = work < 65_536 ? 1 : min(pool.threadCount, items)
        let body = { (share: Int) in
            let scores = ws.scores + share * ws.scoresPerShare
            let qv = ws.qHead + share * hd
            let acc = ws.pvAccumulators + share * 64 * hd
            for item in (items * share / shares)..<(items * (share + 1) / shares) {
                let t = item / c.heads, h = item % c.heads
                let seg = segments[layout.segmentOfRow[t]]
                let cache = seg.cache, n = seg.tokens.count
                let pos = layout.positions[t]
                // With more than one token in the batch, llama.cpp's F16 `mul_mat`s (K·Q and P·V) go through
                // llamafile's tinyBLAS (`llamafile_sgemm`, n ≥ 2); a single token goes through `ggml_vec_dot_f16`.
                let batched = n >= 2
                let nKV = min(cache.capacity, (seg.start + n + pad - 1) / pad * pad)
                let lo = sliding ? max(0, pos - c.slidingWindow + 1) : 0
                let g = h / group
                let qsrc = ws.q + t * qd + h * hd
                for i in 0..<hd { qv[i] = Half.round(qsrc[i] * preScale) }
                var mx = -Float.infinity
                for j in lo...pos {
                    let kq =
                        batched
                        ? GGMLMath.dotTinyBLASOrder(cache.key(l, j) + g * hd, qv, hd)
                        : GGMLMath.dotF16Order(cache.key(l, j) + g * hd, qv, hd)
                    let s = kq * postScale
                    scores[j] = s
                    mx = max(mx, s)
                }
                // Softmax over the row [0, nKV) (`ggml_vec_soft_max_f32`, AVX-512: 16-element chunks from 0, each
                // chunk's `_mm512_reduce_add_ps` added in double): masked entries are exp(−inf) = 0, so only the
                // chunks covering [lo, pos] contribute.
                var sum: Double = 0
                var i = lo & ~15
                let vecEnd = nKV & ~15
                while i <= pos && i < vecEnd {
                    var v0 = SIMD8<Float>(repeating: -.infinity), v1 = v0
                    for k in 0..<8 where i + k >= lo && i + k <= pos { v0[k] = scores[i + k] - mx }
                    for k in 0..<8 where i + 8 + k >= lo && i + 8 + k <= pos { v1[k] = scores[i + 8 + k] - mx }
                    let e0 = GGMLMath.expf8(v0), e1 = GGMLMath.expf8(v1)
                    for k in 0..<8 where i + k >= lo && i + k <= pos { scores[i + k] = e0[k] }
                    for k in 0..<8 where i + 8 + k >= lo && i + 8 + k <= pos { scores[i + 8 + k] = e1[k] }
                    sum += Double(GGMLMath.reduce16(SIMD16(lowHalf: e0, highHalf: e1)))
                    i += 16
                }
                while i <= pos {  // a row whose length is not a multiple of 16 ends with libm expf
                    if i >= lo {
                        scores[i] = expf(scores[i] - mx)
                        sum += Double(scores[i])
                    }
                    i += 1
                }
                let inv = Float(1 / sum)
                let out = ws.att + t * qd + h * hd
                // P·V: tinyBLAS with ≥ 2 tokens (one 16-lane accumulator along the padded KV row), else
                // `ggml_vec_dot_f16` (4 × 16 lanes over 64-position steps). Position j feeds lane j mod 16 (or
                // mod 64); masked positions have p = 0 and leave their lane unchanged.
                let lanes = batched ? 16 : 64
                let np = batched ? nKV : nKV & ~63
                acc.initialize(repeating: 0, count: lanes * hd)
                if np > lo {
                    for j in lo...min(pos, np - 1) {
                        let p = Half.round(scores[j] * inv)
                        Ops.axpy(p, cache.value(l, j) + g * hd, acc + (j & (lanes - 1)) * hd, hd)  // fma(p, v, acc)
                    }
                }
                // Reduce the lane rows for all d at once (vectorized along d), in ggml's order.
                if batched {
                    GGMLMath.reduceRows16(acc, hd, into: out)
                    continue
                }
                GGMLMath.reduceRows4x16(acc, hd)
                GGMLMath.reduceRows16(acc, hd, into: out)
                if pos >= np {
                    for d in 0..<hd {
                        var r = Double(out[d])
                        for j in max(lo, np)...pos {
                            r += Double(cache.value(l, j)[g * hd + d] * Half.round(scores[j] * inv))
                        }
                        out[d] = Float(r)
                    }
                }
            }
        }
        if shares == 1 { body(0) } else { pool.run(body) }
    }
}

extension Optional where Wrapped == [Float] {
    /// Calls `body` with the array's storage, or with nil.
    @inline(__always)
    func withOptionalBuffer<R>(_ body: (UnsafePointer<Float>?) -> R) -> R {
        guard let array = self else { return body(nil) }
        return array.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
