/// Row-wise LayerNorm, optionally of a residual sum: `x = LN(x + y)·γ + β` (BERT's post-LN sublayer
/// output), with mean and variance over the row (biased variance, as `torch.nn.LayerNorm`).
enum EmbeddingLayerNorm {
    /// Normalizes `rows` rows of `width` floats of `x` in place, first adding `residual` when given.
    /// `width` must be a multiple of 8.
    static func apply(
        _ x: UnsafeMutablePointer<Float>, adding residual: UnsafePointer<Float>?, rows: Range<Int>, width: Int,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float
    ) {
        for r in rows {
            let row = x + r * width
            var sum = SIMD8<Float>()
            var c = 0
            while c < width {
                var value = load(row + c)
                if let residual {
                    value += load(residual + r * width + c)
                    store(value, row + c)
                }
                sum += value
                c += 8
            }
            let mean = horizontalSum(sum) / Float(width)
            let meanVector = SIMD8<Float>(repeating: mean)
            var squares = SIMD8<Float>()
            c = 0
            while c < width {
                let centered = load(row + c) - meanVector
                squares = fma(centered, centered, squares)
                c += 8
            }
            let inverse = 1 / (horizontalSum(squares) / Float(width) + epsilon).squareRoot()
            let scale = SIMD8<Float>(repeating: inverse)
            c = 0
            while c < width {
                let normalized = (load(row + c) - meanVector) * scale
                store(fma(normalized, load(gamma + c), load(beta + c)), row + c)
                c += 8
            }
        }
    }
}
