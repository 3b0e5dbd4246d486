/// The input of one or more matrix products: `tokens` vectors of `width` floats, quantized lazily (once per
/// format) the way llama.cpp quantizes activations, so Q, K and V (or gate and up) share one quantization.
final class MatMulInput {
    let width: Int
    private(set) var x: UnsafePointer<Float>
    private(set) var tokens = 0
    let q32: QuantizedActivations
    let qK: QuantizedActivations?
    private var have32 = false
    private var haveK = false

    init(width: Int, maxTokens: Int) {
        self.width = width
        x = UnsafePointer(bitPattern: 8)!
        q32 = QuantizedActivations(width: width, tokens: maxTokens)
        qK = width % 256 == 0 ? QuantizedActivations(width: width, tokens: maxTokens) : nil
    }

    /// Points the input at new data (`tokens × width`, token-major); previous quantizations are dropped.
    func set(_ x: UnsafePointer<Float>, tokens: Int) {
        self.x = x
        self.tokens = tokens
        q32.reserve(tokens: tokens)
        qK?.reserve(tokens: tokens)
        have32 = false
        haveK = false
    }

    func prepare(_ format: ActivationFormat, pool: ComputePool) {
        switch format {
        case .float: return
        case .block32:
            if have32 { return }
            let q = q32, x = self.x, w = width
            forTokens(pool) { t in q.quantizeBlock32(x + t * w, token: t) }
            have32 = true
        case .superblock:
            if haveK { return }
            guard let q = qK else { preconditionFailure("row length \(width) is not a multiple of 256") }
            let x = self.x, w = width
            forTokens(pool) { t in q.quantizeSuperblock(x + t * w, token: t) }
            haveK = true
        }
    }

    private func forTokens(_ pool: ComputePool, _ body: (Int) -> Void) {
        if tokens < 4 {
            for t in 0..<tokens { body(t) }
        } else {
            pool.parallelFor(tokens) { r in for t in r { body(t) } }
        }
    }
}

/// `y = W·x` for quantized `W` and a batch of input vectors, rows split across the pool.
enum MatMul {
    /// Writes `out[t * w.rows + r] = dot(W[r], x[t])` for every token `t` of `input` and row `r`.
    static func apply(_ w: WeightMatrix, _ input: MatMulInput, _ out: UnsafeMutablePointer<Float>, pool: ComputePool) {
        precondition(w.cols == input.width, "matrix \(w.name) has \(w.cols) columns, input has \(input.width)")
        let format = w.activationFormat
        input.prepare(format, pool: pool)
        let tokens = input.tokens
        pool.parallelFor(w.rows, minimumPerShare: 16) { rows in
            applyRows(w, input, format, rows, tokens, out)
        }
    }

    /// Rows `rows` of `W`, for all tokens; for a single token, writes only one output vector.
    static func applyRows(
        _ w: WeightMatrix, _ input: MatMulInput, _ format: ActivationFormat, _ rows: Range<Int>, _ tokens: Int,
        _ out: UnsafeMutablePointer<Float>
    ) {
        let nr = w.rows
        let nb = w.cols / w.type.blockSize
        switch format {
        case .block32:
            let acts = (0..<tokens).map { input.q32.block32(token: $0) }
            for r in rows {
                let p = w.row(r)
                for t in 0..<tokens { out[t * nr + r] = dot32(w.type, p, acts[t], nb) }
            }
        case .superblock:
            let q = input.qK!
            let acts = (0..<tokens).map { q.superblock(token: $0) }
            for r in rows {
                let p = w.row(r)
                for t in 0..<tokens { out[t * nr + r] = dotK(w.type, p, acts[t], nb) }
            }
        case .float:
            for r in rows {
                let p = w.row(r)
                for t in 0..<tokens { out[t * nr + r] = dotF(w.type, p, input.x + t * w.cols, w.cols) }
            }
        }
    }

    @inline(__always)
    static func dot32(_ type: GGMLType, _ p: UnsafeRawPointer, _ a: Act32, _ nb: Int) -> Float {
        #if arch(x86_64)
        switch type.rawValue {
        case 3: return DotAVX2.q4_1(p, a, blocks: nb)
        case 8: return DotAVX2.q8_0(p, a, blocks: nb)
        case 6: return DotAVX2.q5_0(p, a, blocks: nb)
        default: return DotAVX2.q4_0(p, a, blocks: nb)
        }
        #else
        switch type.rawValue {
        case 3: return DotPortable.q4_1(p, a, blocks: nb)
        case 8: return DotPortable.q8_0(p, a, blocks: nb)
        case 6: return DotPortable.q5_0(p, a, blocks: nb)
        default: return DotPortable.q4_0(p, a, blocks: nb)
        }
        #endif
    }

    @inline(__always)
    static func dotK(_ type: GGMLType, _ p: UnsafeRawPointer, _ a: ActK, _ nb: Int) -> Float {
        #if arch(x86_64)
        switch type.rawValue {
        case 12: return DotAVX2.q4_K(p, a, blocks: nb)
        case 14: return DotAVX2.q6_K(p, a, blocks: nb)
        default: return DotPortable.q5_K(p, a, blocks: nb)
        }
        #else
        switch type.rawValue {
        case 12: return DotPortable.q4_K(p, a, blocks: nb)
        case 14: return DotPortable.q6_K(p, a, blocks: nb)
        default: return DotPortable.q5_K(p, a, blocks: nb)
        }
        #endif
    }

    @inline(__always)
    static func dotF(_ type: GGMLType, _ p: UnsafeRawPointer, _ x: UnsafePointer<Float>, _ n: Int) -> Float {
        #if arch(x86_64)
        if type == .f32 { return DotAVX2.f32(p, x, count: n) }
        if type == .f16 { return DotAVX2.f16row(p, x, count: n) }
        #endif
        return DotPortable.float(type, p, x, count: n)
    }
}
