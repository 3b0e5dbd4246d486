// The GEMM's inner loop calls only the `@inline(__always)` 8-lane helpers of `EmbeddingSIMD.swift`, which the
// engine's whole-module optimization inlines: an instruction per FMA, not a call.

extension EmbeddingLinear {
    /// Inputs per `k` block (all of them for the 384-wide layers; the 1536-wide FFN output runs 4 blocks).
    static let kBlock = 384
    /// Rows per row block (a multiple of 6): the block of `x` (`mBlock × kc`) stays in L2.
    static let mBlock = 72

    /// `y[r] = x[r]·Wᵀ + b` for `rows` rows (a multiple of 6; callers pad), GELU applied when `gelu`.
    /// `x` is `rows × inputs`, `y` is `rows × outputs`, both row-major and dense. Output panels are split
    /// across `parallel`'s threads.
    func apply(
        _ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>, gelu: Bool = false,
        parallel: EmbeddingParallel
    ) {
        precondition(rows % EmbeddingGemm.rows == 0, "rows must be padded to a multiple of 6")
        let panels = outputs / Self.panelWidth
        let inputs = inputs, outputs = outputs, packed = packed, bias = bias
        parallel.forRanges(panels) { panelRange in
            var k0 = 0
            while k0 < inputs {
                let kc = min(Self.kBlock, inputs - k0)
                let last = k0 + kc == inputs
                var m0 = 0
                while m0 < rows {
                    let mEnd = min(rows, m0 + Self.mBlock)
                    for p in panelRange {
                        let panel = UnsafePointer(packed + p * inputs * Self.panelWidth + k0 * Self.panelWidth)
                        let column = p * Self.panelWidth
                        var r = m0
                        while r < mEnd {
                            EmbeddingGemm.tile(
                                a: x + r * inputs + k0, lda: inputs, panel: panel, kc: kc,
                                c: y + r * outputs + column, ldc: outputs, accumulate: k0 > 0,
                                bias: bias + column, gelu: gelu && last)
                            r += EmbeddingGemm.rows
                        }
                    }
                    m0 = mEnd
                }
                k0 += kc
            }
        }
    }
}

/// The 6×16 register-blocked micro-kernel: 6 rows of `x` times one packed 16-column panel in 12 eight-wide
/// accumulators (the Haswell shape of BLIS; Van Zee & van de Geijn, "BLIS", ACM TOMS 2015), plus the
/// exact-erf GELU applied to a finished tile.
enum EmbeddingGemm {
    static let rows = 6

    /// `c[r][0..<16] = (accumulate ? c : bias) + Σ_k a[r][k]·panel[k][0..<16]` for r in 0..<6, then GELU
    /// when `gelu`. `a`: the first of 6 rows, `lda` apart, offset to the current `k` block; `panel`: that
    /// block of the panel, `kc × 16` floats; `c`: the tile's first output, rows `ldc` apart.
    @inline(__always)
    static func tile(
        a: UnsafePointer<Float>, lda: Int, panel: UnsafePointer<Float>, kc: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, bias: UnsafePointer<Float>, gelu: Bool
    ) {
        var c00: SIMD8<Float>, c01: SIMD8<Float>, c10: SIMD8<Float>, c11: SIMD8<Float>
        var c20: SIMD8<Float>, c21: SIMD8<Float>, c30: SIMD8<Float>, c31: SIMD8<Float>
        var c40: SIMD8<Float>, c41: SIMD8<Float>, c50: SIMD8<Float>, c51: SIMD8<Float>
        if accumulate {
            (c00, c01) = (load(c), load(c + 8))
            (c10, c11) = (load(c + ldc), load(c + ldc + 8))
            (c20, c21) = (load(c + 2 * ldc), load(c + 2 * ldc + 8))
            (c30, c31) = (load(c + 3 * ldc), load(c + 3 * ldc + 8))
            (c40, c41) = (load(c + 4 * ldc), load(c + 4 * ldc + 8))
            (c50, c51) = (load(c + 5 * ldc), load(c + 5 * ldc + 8))
        } else {
            let b0 = load(bias), b1 = load(bias + 8)
            (c00, c01, c10, c11, c20, c21) = (b0, b1, b0, b1, b0, b1)
            (c30, c31, c40, c41, c50, c51) = (b0, b1, b0, b1, b0, b1)
        }
        let a0 = a, a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda, a4 = a + 4 * lda, a5 = a + 5 * lda
        var b = panel
        for k in 0..<kc {
            let b0 = load(b), b1 = load(b + 8)
            var x = SIMD8<Float>(repeating: a0[k])
            c00 = fma(x, b0, c00); c01 = fma(x, b1, c01)
            x = SIMD8<Float>(repeating: a1[k])
            c10 = fma(x, b0, c10); c11 = fma(x, b1, c11)
            x = SIMD8<Float>(repeating: a2[k])
            c20 = fma(x, b0, c20); c21 = fma(x, b1, c21)
            x = SIMD8<Float>(repeating: a3[k])
            c30 = fma(x, b0, c30); c31 = fma(x, b1, c31)
            x = SIMD8<Float>(repeating: a4[k])
            c40 = fma(x, b0, c40); c41 = fma(x, b1, c41)
            x = SIMD8<Float>(repeating: a5[k])
            c50 = fma(x, b0, c50); c51 = fma(x, b1, c51)
            b += 16
        }
        if gelu {
            (c00, c01, c10, c11) = (Self.gelu(c00), Self.gelu(c01), Self.gelu(c10), Self.gelu(c11))
            (c20, c21, c30, c31) = (Self.gelu(c20), Self.gelu(c21), Self.gelu(c30), Self.gelu(c31))
            (c40, c41, c50, c51) = (Self.gelu(c40), Self.gelu(c41), Self.gelu(c50), Self.gelu(c51))
        }
        store(c00, c); store(c01, c + 8)
        store(c10, c + ldc); store(c11, c + ldc + 8)
        store(c20, c + 2 * ldc); store(c21, c + 2 * ldc + 8)
        store(c30, c + 3 * ldc); store(c31, c + 3 * ldc + 8)
        store(c40, c + 4 * ldc); store(c41, c + 4 * ldc + 8)
        store(c50, c + 5 * ldc); store(c51, c + 5 * ldc + 8)
    }

    /// GELU with the exact erf form BERT uses (`hidden_act: "gelu"`): `0.5·x·(1 + erf(x/√2))`.
    @inline(__always) static func gelu(_ x: SIMD8<Float>) -> SIMD8<Float> {
        0.5 * x * (1 + erf(x * 0.70710678118654752))
    }

    /// `erf(x)` lane-wise, absolute error below 1e-6: the odd/even rational approximation on [−4, 4]
    /// (erf is ±1 in float beyond) of Eigen's `generic_fast_erf_float`, also XLA's f32 erf.
    @inline(__always) static func erf(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let x = clamp(x, -4, 4)
        let x2 = x * x
        var p = SIMD8<Float>(repeating: -2.72614225801306e-10)
        p = fma(x2, p, SIMD8(repeating: 2.77068142495902e-08))
        p = fma(x2, p, SIMD8(repeating: -2.10102402082508e-06))
        p = fma(x2, p, SIMD8(repeating: -5.69250639462346e-05))
        p = fma(x2, p, SIMD8(repeating: -7.34990630326855e-04))
        p = fma(x2, p, SIMD8(repeating: -2.95459980854025e-03))
        p = fma(x2, p, SIMD8(repeating: -1.60960333262415e-02))
        p = p * x
        var q = SIMD8<Float>(repeating: -1.45660718464996e-05)
        q = fma(x2, q, SIMD8(repeating: -2.13374055278905e-04))
        q = fma(x2, q, SIMD8(repeating: -1.68282697438203e-03))
        q = fma(x2, q, SIMD8(repeating: -7.37332916720468e-03))
        q = fma(x2, q, SIMD8(repeating: -1.42647390514189e-02))
        return p / q
    }
}
