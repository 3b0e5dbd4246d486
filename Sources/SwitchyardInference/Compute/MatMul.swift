#if SWITCHYARD_VNNI
    import SwitchyardInferenceVNNI
#endif

/// The input of one or more matrix products: `tokens` vectors of `width` floats, quantized lazily (once per
/// format) the way llama.cpp quantizes activations, so Q, K and V (or gate and up) share one quantization.
final class MatMulInput {
    let width: Int
    private(set) var x: UnsafePointer<Float>
    private(set) var tokens = 0
    /// Per token, which K-quant kernel variant llama.cpp would run for it (see `KernelChoice`).
    private(set) var kernels: [KernelChoice] = []
    let q32: QuantizedActivations
    let qK: QuantizedActivations?
    private var have32 = false
    private var haveK = false
    private var havePacked8 = false

    init(width: Int, maxTokens: Int) {
        self.width = width
        x = UnsafePointer(bitPattern: 8)!
        q32 = QuantizedActivations(width: width, tokens: maxTokens)
        qK = width % 256 == 0 ? QuantizedActivations(width: width, tokens: maxTokens) : nil
    }

    /// Points the input at new data (`tokens × width`, token-major), all from one batch of `tokens` tokens;
    /// previous quantizations are dropped.
    func set(_ x: UnsafePointer<Float>, tokens: Int) {
        set(x, kernels: KernelChoice.forBatch(of: tokens))
    }

    /// Points the input at new data, one vector per entry of `kernels`, each computed with the kernel variant
    /// its own batch would get (tokens of several sequences share one product, each keeps its numerics).
    func set(_ x: UnsafePointer<Float>, kernels: [KernelChoice]) {
        let tokens = kernels.count
        self.x = x
        self.tokens = tokens
        self.kernels = kernels
        q32.reserve(tokens: tokens)
        qK?.reserve(tokens: tokens)
        have32 = false
        haveK = false
        havePacked8 = false
    }

    /// The 32-block quantization of whole groups of 8 tokens interleaved by block, for the 8-token kernels
    /// (after `prepare(.block32)`).
    func preparePacked8() {
        if havePacked8 || tokens < 8 { return }
        q32.pack8(groups: tokens / 8)
        havePacked8 = true
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

    /// Quantizes token by token; in parallel only for a prompt-sized batch: a decode step's few tokens take
    /// microseconds, less than handing them to the pool and waiting for it.
    private func forTokens(_ pool: ComputePool, _ body: (Int) -> Void) {
        if tokens < 32 {
            for t in 0..<tokens { body(t) }
        } else {
            pool.parallelFor(tokens) { r in for t in r { body(t) } }
        }
    }
}

/// `y = W·x` for quantized `W` and a batch of input vectors, rows split across the pool.
enum MatMul {
    /// Writes `out[t * w.rows + r] = dot(W[r], x[t])` for every token `t` of `input` and row `r`.
    /// `vnni` picks the AVX-512 VNNI 8-token kernels (`KernelISA`; same bits).
    static func apply(
        _ w: WeightMatrix, _ input: MatMulInput, _ out: UnsafeMutablePointer<Float>, pool: ComputePool,
        vnni: Bool = KernelISA.vnni
    ) {
        apply([(w, out)], input, pool: pool, vnni: vnni)
    }

    /// Several products of the same input (Q/K/V, gate/up) in one parallel dispatch: fewer thread
    /// hand-offs per token.
    static func apply(
        _ products: [(WeightMatrix, UnsafeMutablePointer<Float>)], _ input: MatMulInput, pool: ComputePool,
        vnni: Bool = KernelISA.vnni
    ) {
        for (w, _) in products {
            precondition(w.cols == input.width, "matrix \(w.name) has \(w.cols) columns, input has \(input.width)")
            input.prepare(w.activationFormat, pool: pool)
            #if arch(x86_64)
                if hasKernel8(w.type) { input.preparePacked8() }
            #endif
        }
        let tokens = input.tokens
        let total = products.reduce(0) { $0 + $1.0.rows }
        // Row granularity keeps a share's rows contiguous within each matrix.
        pool.parallelFor(total, minimumPerShare: 32) { range in
            var base = 0
            for (w, out) in products {
                let lo = max(range.lowerBound, base), hi = min(range.upperBound, base + w.rows)
                if lo < hi {
                    applyRows(w, input, w.activationFormat, (lo - base)..<(hi - base), tokens, out, vnni: vnni)
                }
                base += w.rows
            }
        }
    }

    /// Whether `type` has an 8-token kernel on packed activations (`Act32x8`).
    static func hasKernel8(_ type: GGMLType) -> Bool {
        type == .q5_0 || type == .q4_1 || type == .q8_0
    }

    /// Rows `rows` of `W`, for all tokens.
    static func applyRows(
        _ w: WeightMatrix, _ input: MatMulInput, _ format: ActivationFormat, _ rows: Range<Int>, _ tokens: Int,
        _ out: UnsafeMutablePointer<Float>, vnni: Bool = KernelISA.vnni
    ) {
        let nr = w.rows
        let nb = w.cols / w.type.blockSize
        switch format {
        case .block32:
            withUnsafeTemporaryAllocation(of: Act32.self, capacity: tokens) { acts in
                for t in 0..<tokens { acts.initializeElement(at: t, to: input.q32.block32(token: t)) }
                let a = UnsafePointer(acts.baseAddress!)
                let eight = hasKernel8(w.type)
                for r in rows {
                    let p = w.row(r)
                    var t = 0
                    #if arch(x86_64)
                        if eight {
                            while t + 8 <= tokens {
                                let v = dot8(w.type, p, input.q32.packed8(group: t / 8), nb, vnni: vnni)
                                for i in 0..<8 { out[(t + i) * nr + r] = v[i] }
                                t += 8
                            }
                        }
                        if tokens - t >= 4 {
                            while t + 4 <= tokens {
                                let v: SIMD4<Float>
                                switch w.type.rawValue {
                                case 3: v = DotAVX2.q4_1x4(p, a + t, blocks: nb)
                                case 8: v = DotAVX2.q8_0x4(p, a + t, blocks: nb)
                                case 6: v = DotAVX2.q5_0x4(p, a + t, blocks: nb)
                                default:
                                    v = SIMD4(
                                        dot32(w.type, p, a[t], nb), dot32(w.type, p, a[t + 1], nb),
                                        dot32(w.type, p, a[t + 2], nb), dot32(w.type, p, a[t + 3], nb))
                                }
                                out[t * nr + r] = v[0]
                                out[(t + 1) * nr + r] = v[1]
                                out[(t + 2) * nr + r] = v[2]
                                out[(t + 3) * nr + r] = v[3]
                                t += 4
                            }
                        }
                    #endif
                    while t < tokens {
                        out[t * nr + r] = dot32(w.type, p, a[t], nb)
                        t += 1
                    }
                }
            }
        case .superblock:
            let q = input.qK!
            withUnsafeTemporaryAllocation(of: ActK.self, capacity: tokens) { acts in
                for t in 0..<tokens { acts.initializeElement(at: t, to: q.superblock(token: t)) }
                // llama.cpp picks the K-quant kernel by the number of tokens in the batch: see `KernelChoice`.
                // Runs of 4 tokens with the same choice go through the 4-token kernels (same bits per token).
                let kernels = input.kernels
                let a = UnsafePointer(acts.baseAddress!)
                #if arch(x86_64)
                    let grouped = w.type == .q4_K || w.type == .q6_K
                #else
                    let grouped = false
                #endif
                for r in rows {
                    let p = w.row(r)
                    var t = 0
                    while t < tokens {
                        let k = kernels[t]
                        #if arch(x86_64)
                            if grouped && t + 4 <= tokens && kernels[t + 1] == k && kernels[t + 2] == k
                                && kernels[t + 3] == k
                            {
                                let v = dotK4(w.type, p, a, t, nb, k, vnni: vnni)
                                for i in 0..<4 { out[(t + i) * nr + r] = v[i] }
                                t += 4
                                continue
                            }
                        #endif
                        out[t * nr + r] = dotK(w.type, p, a[t], nb, gemm: k.gemm, tiled: k.tiled)
                        t += 1
                    }
                }
            }
        case .float:
            for r in rows {
                let p = w.row(r)
                for t in 0..<tokens { out[t * nr + r] = dotF(w.type, p, input.x + t * w.cols, w.cols) }
            }
        }
    }

    #if arch(x86_64)
        /// One Q4_K or Q6_K row × tokens `t ..< t + 4` of `a`, all with kernel choice `k`.
        @inline(__always)
        static func dotK4(
            _ type: GGMLType, _ p: UnsafeRawPointer, _ a: UnsafePointer<ActK>, _ t: Int, _ nb: Int,
            _ k: KernelChoice, vnni: Bool
        ) -> SIMD4<Float> {
            #if SWITCHYARD_VNNI
                if vnni {
                    return withUnsafeTemporaryAllocation(of: SuperblockActivations.self, capacity: 4) { v in
                        for i in 0..<4 {
                            let x = a[t + i]
                            v.initializeElement(at: i, to: SuperblockActivations(qs: x.qs, d: x.d, bsums: x.bsums))
                        }
                        let vp = UnsafePointer(v.baseAddress!)
                        return type == .q4_K
                            ? DotVNNI.q4_Kx4(p, vp, blocks: nb, perPair: k.gemm)
                            : DotVNNI.q6_Kx4(p, vp, blocks: nb, tiled: k.tiled)
                    }
                }
            #endif
            return type == .q4_K
                ? DotAVX2.q4_Kx4(p, a + t, blocks: nb, perPair: k.gemm)
                : DotAVX2.q6_Kx4(p, a + t, blocks: nb, tiled: k.tiled)
        }

        /// One row × one packed group of 8 tokens (`hasKernel8` types).
        @inline(__always)
        static func dot8(_ type: GGMLType, _ p: UnsafeRawPointer, _ a: Act32x8, _ nb: Int, vnni: Bool) -> SIMD8<Float> {
            #if SWITCHYARD_VNNI
                if vnni {
                    let qs = UnsafeRawPointer(a.qs)
                    switch type.rawValue {
                    case 3: return DotVNNI.q4_1x8(p, qs: qs, d: a.d, s: a.s, blocks: nb)
                    case 8: return DotVNNI.q8_0x8(p, qs: qs, d: a.d, blocks: nb)
                    default: return DotVNNI.q5_0x8(p, qs: qs, lanes: UnsafeRawPointer(a.lanes), d: a.d, blocks: nb)
                    }
                }
            #endif
            switch type.rawValue {
            case 3: return DotAVX2.q4_1x8(p, a, blocks: nb)
            case 8: return DotAVX2.q8_0x8(p, a, blocks: nb)
            default: return DotAVX2.q5_0x8(p, a, blocks: nb)
            }
        }
    #endif

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
    static func dotK(
        _ type: GGMLType, _ p: UnsafeRawPointer, _ a: ActK, _ nb: Int, gemm: Bool = false, tiled: Bool = false
    ) -> Float {
        #if arch(x86_64)
            switch type.rawValue {
            case 12: return gemm ? DotAVX2.q4_KGemm(p, a, blocks: nb) : DotAVX2.q4_K(p, a, blocks: nb)
            case 14: return tiled ? DotAVX2.q6_KTiled(p, a, blocks: nb) : DotAVX2.q6_K(p, a, blocks: nb)
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
