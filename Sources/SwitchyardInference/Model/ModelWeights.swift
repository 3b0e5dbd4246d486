import SwitchyardCore

/// The weights of one transformer block. Matrices stay quantized in the mapping; norm vectors and biases are
/// small and copied to f32.
struct LayerWeights: Sendable {
    let attnNorm: [Float]
    let wq, wk, wv, wo: WeightMatrix
    let bq, bk, bv: [Float]?
    let qNorm, kNorm: [Float]?
    let postAttnNorm: [Float]?
    let ffnNorm: [Float]
    let wGate, wUp, wDown: WeightMatrix
    let postFFNNorm: [Float]?
}

/// All weights of a model, validated against its `ModelConfig`.
struct ModelWeights: Sendable {
    let tokenEmbedding: WeightMatrix
    let output: WeightMatrix
    let outputNorm: [Float]
    let layers: [LayerWeights]
    /// Llama 3.1+ RoPE frequency factors (`rope_freqs.weight`, one per rotated pair): the angle of pair `i` is
    /// divided by `ropeFreqs[i]`, as llama.cpp's rope cache does with `freq_factors`. Nil for other models.
    let ropeFreqs: [Float]?

    init(gguf g: GGUFFile, config c: ModelConfig) throws {
        func info(_ name: String) throws -> GGUFTensorInfo {
            guard let t = g.tensorInfo(name) else {
                throw SwitchyardError(
                    code: .modelTensorMissing,
                    message:
                        "model '\(g.file.origin)' has no tensor '\(name)', which a \(c.family.rawValue) model needs.")
            }
            return t
        }
        func matrix(_ name: String, rows: Int, cols: Int) throws -> WeightMatrix {
            let m = try WeightMatrix(info(name), in: g)
            guard m.rows == rows, m.cols == cols else {
                throw SwitchyardError(
                    code: .modelShapeMismatch,
                    message: "tensor '\(name)' in '\(g.file.origin)' is \(m.cols)×\(m.rows), expected \(cols)×\(rows).")
            }
            return m
        }
        func vector(_ name: String, _ n: Int) throws -> [Float] {
            let t = try info(name)
            guard t.elementCount == n else {
                throw SwitchyardError(
                    code: .modelShapeMismatch,
                    message: "tensor '\(name)' in '\(g.file.origin)' has \(t.elementCount) elements, expected \(n).")
            }
            return try Dequantize.tensor(t, in: g)
        }
        func optionalVector(_ name: String, _ n: Int) throws -> [Float]? {
            g.tensorInfo(name) == nil ? nil : try vector(name, n)
        }
        let d = c.embedding, qd = c.heads * c.headDim, kvd = c.kvHeads * c.headDim
        tokenEmbedding = try matrix("token_embd.weight", rows: c.vocabSize, cols: d)
        output =
            g.tensorInfo("output.weight") != nil
            ? try matrix("output.weight", rows: c.vocabSize, cols: d) : tokenEmbedding
        outputNorm = try vector("output_norm.weight", d)
        ropeFreqs = try optionalVector("rope_freqs.weight", c.ropeDims / 2)
        if let factors = ropeFreqs, !factors.allSatisfy({ $0.isFinite && $0 > 0 }) {
            throw SwitchyardError(
                code: .modelMetadataInvalid,
                message: "tensor 'rope_freqs.weight' in '\(g.file.origin)' holds a factor that is not a positive "
                    + "finite number; the file is corrupt.")
        }
        let gemma = c.family == .gemma3
        layers = try (0..<c.layers).map { i in
            let p = "blk.\(i)."
            return LayerWeights(
                attnNorm: try vector(p + "attn_norm.weight", d),
                wq: try matrix(p + "attn_q.weight", rows: qd, cols: d),
                wk: try matrix(p + "attn_k.weight", rows: kvd, cols: d),
                wv: try matrix(p + "attn_v.weight", rows: kvd, cols: d),
                wo: try matrix(p + "attn_output.weight", rows: d, cols: qd),
                bq: try optionalVector(p + "attn_q.bias", qd),
                bk: try optionalVector(p + "attn_k.bias", kvd),
                bv: try optionalVector(p + "attn_v.bias", kvd),
                qNorm: gemma ? try vector(p + "attn_q_norm.weight", c.headDim) : nil,
                kNorm: gemma ? try vector(p + "attn_k_norm.weight", c.headDim) : nil,
                postAttnNorm: gemma ? try vector(p + "post_attention_norm.weight", d) : nil,
                ffnNorm: try vector(p + "ffn_norm.weight", d),
                wGate: try matrix(p + "ffn_gate.weight", rows: c.feedForward, cols: d),
                wUp: try matrix(p + "ffn_up.weight", rows: c.feedForward, cols: d),
                wDown: try matrix(p + "ffn_down.weight", rows: d, cols: c.feedForward),
                postFFNNorm: gemma ? try vector(p + "post_ffw_norm.weight", d) : nil)
        }
    }
}
