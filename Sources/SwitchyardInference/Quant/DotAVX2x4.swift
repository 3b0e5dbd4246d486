#if arch(x86_64)
    import _Builtin_intrinsics.intel

    /// AVX2 kernels that dot one weight row with four tokens' activations at once (prefill): the weight
    /// blocks are unpacked once and reused, which roughly halves the work per multiply-add.
    extension DotAVX2 {
        @inline(__always)
        static func sum4(_ a0: __m256, _ a1: __m256, _ a2: __m256, _ a3: __m256) -> SIMD4<Float> {
            SIMD4(hsum(a0), hsum(a1), hsum(a2), hsum(a3))
        }

        static func q4_1x4(_ w: UnsafeRawPointer, _ a: UnsafePointer<Act32>, blocks nb: Int) -> SIMD4<Float> {
            var c0 = _mm256_setzero_ps(), c1 = c0, c2 = c0, c3 = c0
            var m = SIMD4<Float>()
            let x0 = UnsafeRawPointer(a[0].qs), x1 = UnsafeRawPointer(a[1].qs)
            let x2 = UnsafeRawPointer(a[2].qs), x3 = UnsafeRawPointer(a[3].qs)
            for b in 0..<nb {
                let p = w + 20 * b
                let q = nibbles(p + 4)
                let dw = f16(p), mw = f16(p, 2)
                let o = 32 * b
                c0 = _mm256_fmadd_ps(_mm256_set1_ps(dw * a[0].d[b]), _mm256_cvtepi32_ps(dotU8S8(q, load32(x0 + o))), c0)
                c1 = _mm256_fmadd_ps(_mm256_set1_ps(dw * a[1].d[b]), _mm256_cvtepi32_ps(dotU8S8(q, load32(x1 + o))), c1)
                c2 = _mm256_fmadd_ps(_mm256_set1_ps(dw * a[2].d[b]), _mm256_cvtepi32_ps(dotU8S8(q, load32(x2 + o))), c2)
                c3 = _mm256_fmadd_ps(_mm256_set1_ps(dw * a[3].d[b]), _mm256_cvtepi32_ps(dotU8S8(q, load32(x3 + o))), c3)
                m = m.addingProduct(SIMD4(repeating: mw), SIMD4(a[0].s[b], a[1].s[b], a[2].s[b], a[3].s[b]))
            }
            return sum4(c0, c1, c2, c3) + m
        }

        static func q8_0x4(_ w: UnsafeRawPointer, _ a: UnsafePointer<Act32>, blocks nb: Int) -> SIMD4<Float> {
            var c0 = _mm256_setzero_ps(), c1 = c0, c2 = c0, c3 = c0
            let x0 = UnsafeRawPointer(a[0].qs), x1 = UnsafeRawPointer(a[1].qs)
            let x2 = UnsafeRawPointer(a[2].qs), x3 = UnsafeRawPointer(a[3].qs)
            for b in 0..<nb {
                let p = w + 34 * b
                let wq = load32(p + 2)
                let aw = _mm256_sign_epi8(wq, wq)
                let dw = f16(p)
                let o = 32 * b
                @inline(__always) func one(_ x: UnsafeRawPointer, _ d: Float, _ c: __m256) -> __m256 {
                    let dot = dotU8S8(aw, _mm256_sign_epi8(load32(x + o), wq))
                    return _mm256_fmadd_ps(_mm256_set1_ps(dw * d), _mm256_cvtepi32_ps(dot), c)
                }
                c0 = one(x0, a[0].d[b], c0)
                c1 = one(x1, a[1].d[b], c1)
                c2 = one(x2, a[2].d[b], c2)
                c3 = one(x3, a[3].d[b], c3)
            }
            return sum4(c0, c1, c2, c3)
        }

        static func q5_0x4(_ w: UnsafeRawPointer, _ a: UnsafePointer<Act32>, blocks nb: Int) -> SIMD4<Float> {
            var c0 = _mm256_setzero_ps(), c1 = c0, c2 = c0, c3 = c0
            let x0 = UnsafeRawPointer(a[0].qs), x1 = UnsafeRawPointer(a[1].qs)
            let x2 = UnsafeRawPointer(a[2].qs), x3 = UnsafeRawPointer(a[3].qs)
            for b in 0..<nb {
                let p = w + 22 * b
                let q = q5_0Signed(p)
                let aq = _mm256_sign_epi8(q, q)
                let dw = f16(p)
                let o = 32 * b
                @inline(__always) func one(_ x: UnsafeRawPointer, _ t: Int, _ c: __m256) -> __m256 {
                    let dot = dotU8S8(aq, _mm256_sign_epi8(load32(x + o), q))
                    return _mm256_fmadd_ps(_mm256_set1_ps(dw * a[t].d[b]), _mm256_cvtepi32_ps(dot), c)
                }
                c0 = one(x0, 0, c0)
                c1 = one(x1, 1, c1)
                c2 = one(x2, 2, c2)
                c3 = one(x3, 3, c3)
            }
            return sum4(c0, c1, c2, c3)
        }
    }
#endif
