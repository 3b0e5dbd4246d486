#if arch(x86_64)
    import _Builtin_intrinsics.intel
#endif

/// Scaled dot-product self-attention of one head over one sequence (BERT: no causal mask; sequences are
/// packed without padding, so every key is a real token and no padding mask is needed).
///
/// `softmax(q·kᵀ / √d)·v` per query row. The scores are computed against a transposed copy of the head's
/// keys so that the inner loop runs 8 keys at a time. All helpers it calls are in this file (debug builds
/// do not inline across files).
enum EmbeddingAttention {
    /// Scratch one thread needs for sequences up to `maximumLength` tokens with `headSize`-wide heads.
    static func scratchCount(maximumLength: Int, headSize: Int) -> Int {
        let padded = (maximumLength + 7) / 8 * 8
        return padded * headSize + padded
    }

    /// Attention for one head.
    /// - qkv: the sequence's first row of the fused projection; row `i` holds q (at `q`), k (at `k`) and v
    ///   (at `v`) of token `i`, rows `stride` floats apart.
    /// - out: the head's output slice of the sequence's first context row, rows `outStride` apart.
    static func head(
        qkv: UnsafePointer<Float>, stride: Int, q: Int, k: Int, v: Int, length n: Int, headSize d: Int,
        out: UnsafeMutablePointer<Float>, outStride: Int, scratch: UnsafeMutablePointer<Float>
    ) {
        let padded = (n + 7) / 8 * 8
        let keysT = scratch  // d × padded, keysT[c * padded + j] = k_j[c]
        let scores = scratch + d * padded  // padded
        for j in 0..<n {
            let row = qkv + j * stride + k
            for c in 0..<d { keysT[c * padded + j] = row[c] }
        }
        for c in 0..<d {
            for j in n..<padded { keysT[c * padded + j] = 0 }
        }
        let scale = 1 / Float(d).squareRoot()
        for i in 0..<n {
            let query = qkv + i * stride + q
            // scores[j] = scale · q_i · k_j, 8 keys at a time.
            var j0 = 0
            while j0 < padded {
                var acc = SIMD8<Float>()
                for c in 0..<d {
                    acc = fma(SIMD8(repeating: query[c]), load(keysT + c * padded + j0), acc)
                }
                store(acc * scale, scores + j0)
                j0 += 8
            }
            // Softmax over the n real keys (the padded tail is excluded from max and sum).
            var maximum = -Float.infinity
            for j in 0..<n { maximum = max(maximum, scores[j]) }
            var sum = SIMD8<Float>()
            j0 = 0
            while j0 < padded {
                var e = exp(load(scores + j0) - SIMD8(repeating: maximum))
                if j0 + 8 > n {
                    for lane in (n - j0)..<8 { e[lane] = 0 }
                }
                store(e, scores + j0)
                sum += e
                j0 += 8
            }
            let inverse = 1 / horizontalSum(sum)
            // out_i = Σ_j p_j · v_j, the head's d outputs in 8-wide chunks (d = 32: four accumulators).
            let target = out + i * outStride
            var c0 = 0
            while c0 < d {
                var acc = SIMD8<Float>()
                for j in 0..<n {
                    acc = fma(SIMD8(repeating: scores[j]), load(qkv + j * stride + v + c0), acc)
                }
                store(acc * inverse, target + c0)
                c0 += 8
            }
        }
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

@inline(__always) private func fma(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>) -> SIMD8<Float> {
    #if arch(x86_64)
        return _mm256_fmadd_ps(a, b, c)
    #else
        return c.addingProduct(a, b)
    #endif
}

@inline(__always) private func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always) private func load(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always) private func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}

@inline(__always) private func horizontalSum(_ v: SIMD8<Float>) -> Float {
    let s = v.lowHalf + v.highHalf
    return s[0] + s[1] + s[2] + s[3]
}
