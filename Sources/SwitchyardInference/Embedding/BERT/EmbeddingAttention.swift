#if arch(x86_64)
    import _Builtin_intrinsics.intel
#endif

/// Scaled dot-product self-attention of one head over one sequence (BERT: no causal mask; sequences are
/// packed without padding, so every key is a real token and no padding mask is needed).
///
/// `softmax(q·kᵀ / √d)·v` per query row. The scores are computed against a transposed copy of the head's
/// keys so that the inner loop runs 8 keys at a time. The 8-lane helpers (`fma`, `load`, `store`,
/// `horizontalSum`) are in `EmbeddingSIMD.swift`.
enum EmbeddingAttention {
    /// Scratch one thread needs for sequences up to `maximumLength` tokens with `headSize`-wide heads.
    static func scratchCount(maximumLength: Int, headSize: Int) -> Int {
        let padded = (maximumLength + 31) / 32 * 32
        return padded * headSize + 2 * padded
    }

    /// Attention for one head.
    /// - qkv: the sequence's first row of the fused projection; row `i` holds q (at `q`), k (at `k`) and v
    ///   (at `v`) of token `i`, rows `stride` floats apart.
    /// - out: the head's output slice of the sequence's first context row, rows `outStride` apart.
    ///
    /// Query rows go two at a time and keys 32 at a time (8 independent FMA chains for the scores; for the
    /// weighted sum of values, 2 rows × `d/8` chains), so the loops are bound by FMA throughput, not latency.
    static func head(
        qkv: UnsafePointer<Float>, stride: Int, q: Int, k: Int, v: Int, length n: Int, headSize d: Int,
        out: UnsafeMutablePointer<Float>, outStride: Int, scratch: UnsafeMutablePointer<Float>
    ) {
        precondition(d % 8 == 0, "head size must be a multiple of 8")
        let padded = (n + 31) / 32 * 32
        let keysT = scratch  // d × padded, keysT[c * padded + j] = k_j[c]; zero past n
        let scoresA = scratch + d * padded
        let scoresB = scoresA + padded
        for j in 0..<n {
            let row = qkv + j * stride + k
            for c in 0..<d { keysT[c * padded + j] = row[c] }
        }
        for c in 0..<d {
            for j in n..<padded { keysT[c * padded + j] = 0 }
        }
        let scale = SIMD8<Float>(repeating: 1 / Float(d).squareRoot())
        var i = 0
        while i < n {
            let i2 = min(i + 1, n - 1)  // an odd last row is computed twice and stored once
            let qa = qkv + i * stride + q, qb = qkv + i2 * stride + q
            var j0 = 0
            while j0 < padded {
                var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
                var b0 = SIMD8<Float>(), b1 = SIMD8<Float>(), b2 = SIMD8<Float>(), b3 = SIMD8<Float>()
                for c in 0..<d {
                    let keys = keysT + c * padded + j0
                    let k0 = load(keys), k1 = load(keys + 8), k2 = load(keys + 16), k3 = load(keys + 24)
                    let x = SIMD8<Float>(repeating: qa[c]), y = SIMD8<Float>(repeating: qb[c])
                    a0 = fma(x, k0, a0); a1 = fma(x, k1, a1); a2 = fma(x, k2, a2); a3 = fma(x, k3, a3)
                    b0 = fma(y, k0, b0); b1 = fma(y, k1, b1); b2 = fma(y, k2, b2); b3 = fma(y, k3, b3)
                }
                store(a0 * scale, scoresA + j0); store(a1 * scale, scoresA + j0 + 8)
                store(a2 * scale, scoresA + j0 + 16); store(a3 * scale, scoresA + j0 + 24)
                store(b0 * scale, scoresB + j0); store(b1 * scale, scoresB + j0 + 8)
                store(b2 * scale, scoresB + j0 + 16); store(b3 * scale, scoresB + j0 + 24)
                j0 += 32
            }
            let inverseA = softmax(scoresA, count: n)
            let inverseB = softmax(scoresB, count: n)
            // out_i = Σ_j p_j · v_j, 32 outputs (4 chunks of 8) at a time, two rows at once.
            var c0 = 0
            while c0 < d {
                var accA = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
                var accB = accA
                let chunks = min(4, (d - c0) / 8)
                for j in 0..<n {
                    let values = qkv + j * stride + v + c0
                    let x = SIMD8<Float>(repeating: scoresA[j]), y = SIMD8<Float>(repeating: scoresB[j])
                    let v0 = load(values)
                    accA.0 = fma(x, v0, accA.0); accB.0 = fma(y, v0, accB.0)
                    if chunks > 1 {
                        let v1 = load(values + 8)
                        accA.1 = fma(x, v1, accA.1); accB.1 = fma(y, v1, accB.1)
                    }
                    if chunks > 2 {
                        let v2 = load(values + 16)
                        accA.2 = fma(x, v2, accA.2); accB.2 = fma(y, v2, accB.2)
                    }
                    if chunks > 3 {
                        let v3 = load(values + 24)
                        accA.3 = fma(x, v3, accA.3); accB.3 = fma(y, v3, accB.3)
                    }
                }
                let targetA = out + i * outStride + c0, targetB = out + i2 * outStride + c0
                let sa = SIMD8<Float>(repeating: inverseA), sb = SIMD8<Float>(repeating: inverseB)
                let second = i2 != i
                store(accA.0 * sa, targetA)
                if second { store(accB.0 * sb, targetB) }
                if chunks > 1 {
                    store(accA.1 * sa, targetA + 8)
                    if second { store(accB.1 * sb, targetB + 8) }
                }
                if chunks > 2 {
                    store(accA.2 * sa, targetA + 16)
                    if second { store(accB.2 * sb, targetB + 16) }
                }
                if chunks > 3 {
                    store(accA.3 * sa, targetA + 24)
                    if second { store(accB.3 * sb, targetB + 24) }
                }
                c0 += 8 * chunks
            }
            i += 2
        }
    }

    /// Replaces `scores[0..<count]` by `exp(score − max)` and returns `1 / Σ` (the normalization is applied
    /// to the weighted sum instead of to every weight). Lanes past `count` in the last chunk are zeroed.
    @inline(__always)
    private static func softmax(_ scores: UnsafeMutablePointer<Float>, count n: Int) -> Float {
        var maximum = -Float.infinity
        for j in 0..<n { maximum = max(maximum, scores[j]) }
        var sum = SIMD8<Float>()
        var j0 = 0
        while j0 < n {
            var e = exp(load(scores + j0) - SIMD8(repeating: maximum))
            if j0 + 8 > n {
                for lane in (n - j0)..<8 { e[lane] = 0 }
            }
            store(e, scores + j0)
            sum += e
            j0 += 8
        }
        return 1 / horizontalSum(sum)
    }

    /// `exp(x)` lane-wise, relative error ≈ 2 ulp for x in [−87, 88]; lower inputs give ≈ 0. Range reduction
    /// x = n·ln2 + r with ln2 split in two, the degree-6 polynomial of Cephes `expf.c` (S. L. Moshier), then
    /// scaling by 2ⁿ through the exponent bits.
    @inline(__always) static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        #if arch(x86_64)
            let x = _mm256_min_ps(_mm256_max_ps(x, SIMD8(repeating: -87.3)), SIMD8(repeating: 88.3))
            let ni = _mm256_cvtps_epi32(x * 1.44269504088896341)  // round to nearest even (MXCSR default)
            let n: SIMD8<Float> = _mm256_cvtepi32_ps(ni)
        #else
            let x = x.clamped(lowerBound: SIMD8(repeating: -87.3), upperBound: SIMD8(repeating: 88.3))
            let n = (x * 1.44269504088896341).rounded(.toNearestOrEven)
        #endif
        var r = fma(n, SIMD8(repeating: -0.693359375), x)
        r = fma(n, SIMD8(repeating: 2.12194440e-4), r)
        var p = SIMD8<Float>(repeating: 1.9875691500e-4)
        p = fma(p, r, SIMD8(repeating: 1.3981999507e-3))
        p = fma(p, r, SIMD8(repeating: 8.3334519073e-3))
        p = fma(p, r, SIMD8(repeating: 4.1665795894e-2))
        p = fma(p, r, SIMD8(repeating: 1.6666665459e-1))
        p = fma(p, r, SIMD8(repeating: 5.0000001201e-1))
        let y = fma(p, r * r, r) + 1
        #if arch(x86_64)
            let bits: __m256i = _mm256_slli_epi32(_mm256_add_epi32(ni, _mm256_set1_epi32(127)), 23)
            let scale: SIMD8<Float> = _mm256_castsi256_ps(bits)
            return y * scale
        #else
            return y * unsafeBitCast((SIMD8<Int32>(n, rounding: .toNearestOrEven) &+ 127) &<< 23, to: SIMD8<Float>.self)
        #endif
    }
}
