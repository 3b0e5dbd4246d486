import SwitchyardCore

/// One encoder layer's parameters, Linear weights packed for the GEMM.
struct BertLayerWeights: Sendable {
    /// Q, K and V stacked: `3·hidden` outputs.
    let qkv: EmbeddingLinear
    let attentionOutput: EmbeddingLinear
    let attentionNormGamma: [Float]
    let attentionNormBeta: [Float]
    let intermediate: EmbeddingLinear
    let output: EmbeddingLinear
    let outputNormGamma: [Float]
    let outputNormBeta: [Float]
}

/// All parameters of a BERT encoder, loaded from a safetensors file (names with or without the `bert.`
/// prefix; the unused `pooler.*` and the `embeddings.position_ids` buffer are ignored).
struct BertWeights: Sendable {
    let wordEmbeddings: [Float]
    let positionEmbeddings: [Float]
    /// Row 0 of the token-type table (single-segment input).
    let tokenTypeEmbedding: [Float]
    let embeddingNormGamma: [Float]
    let embeddingNormBeta: [Float]
    let layers: [BertLayerWeights]

    init(file: SafetensorsFile, configuration c: BertConfiguration) throws {
        let prefix = file.tensors["embeddings.word_embeddings.weight"] != nil ? "" : "bert."
        func load(_ name: String, _ shape: [Int]) throws -> [Float] { try file.floats(prefix + name, shape: shape) }
        let h = c.hiddenSize
        wordEmbeddings = try load("embeddings.word_embeddings.weight", [c.vocabularySize, h])
        positionEmbeddings = try load("embeddings.position_embeddings.weight", [c.maximumPositions, h])
        tokenTypeEmbedding = Array(
            try load("embeddings.token_type_embeddings.weight", [c.typeVocabularySize, h]).prefix(h))
        embeddingNormGamma = try load("embeddings.LayerNorm.weight", [h])
        embeddingNormBeta = try load("embeddings.LayerNorm.bias", [h])
        layers = try (0..<c.layerCount).map { i in
            let p = "encoder.layer.\(i)."
            func linear(_ name: String, _ outputs: Int, _ inputs: Int) throws -> (weight: [Float], bias: [Float]) {
                (try load(p + name + ".weight", [outputs, inputs]), try load(p + name + ".bias", [outputs]))
            }
            let q = try linear("attention.self.query", h, h)
            let k = try linear("attention.self.key", h, h)
            let v = try linear("attention.self.value", h, h)
            let o = try linear("attention.output.dense", h, h)
            let up = try linear("intermediate.dense", c.intermediateSize, h)
            let down = try linear("output.dense", h, c.intermediateSize)
            return BertLayerWeights(
                qkv: try EmbeddingLinear(concatenating: [q, k, v], inputs: h),
                attentionOutput: try EmbeddingLinear(weight: o.weight, bias: o.bias, outputs: h, inputs: h),
                attentionNormGamma: try load(p + "attention.output.LayerNorm.weight", [h]),
                attentionNormBeta: try load(p + "attention.output.LayerNorm.bias", [h]),
                intermediate: try EmbeddingLinear(
                    weight: up.weight, bias: up.bias, outputs: c.intermediateSize, inputs: h),
                output: try EmbeddingLinear(
                    weight: down.weight, bias: down.bias, outputs: h, inputs: c.intermediateSize),
                outputNormGamma: try load(p + "output.LayerNorm.weight", [h]),
                outputNormBeta: try load(p + "output.LayerNorm.bias", [h]))
        }
    }
}
