#if arch(x86_64)
    import _Builtin_intrinsics.intel

    /// 8-token kernels for the 32-block weight types on activations packed by block (`Act32x8`): prefill and the
    /// batched decode of several sequences. Each weight block is unpacked once for 8 tokens, the 8 tokens' scales
    /// are multiplied by the weight scale in one instruction and each token's product is then broadcast from its
    /// lane, and all 8 tokens' quants of a block are contiguous. Per token the integer sums are exact and the float
    /// operations are the single-token kernel's in the same order, so every output is bit-identical to it.
    extension DotAVX2 {
        /// Lane `t` of `v` in all 8 lanes.
        @inline(__always) static func lane(_ v: __m256, _ t: Int32) -> __m256 {
            _mm256_permutevar8x32_ps(v, _mm256_set1_epi32(t))
        }

        /// The 8 tokens' `d_w·d_a` of one block.
        @inline(__always) static func scales8(_ dw: Float, _ d: UnsafePointer<Float>) -> __m256 {
            _mm256_mul_ps(_mm256_set1_ps(dw), _mm256_loadu_ps(d))
        }

        /// `hsum` of each token's accumulator.
        @inline(__always)
        static func sum8(
            _ c0: __m256, _ c1: __m256, _ c2: __m256, _ c3: __m256, _ c4: __m256, _ c5: __m256, _ c6: __m256,
            _ c7: __m256
        ) -> SIMD8<Float> {
            SIMD8(hsum(c0), hsum(c1), hsum(c2), hsum(c3), hsum(c4), hsum(c5), hsum(c6), hsum(c7))
        }

        /// Q4_1 for 8 tokens: as `q4_1` per token (8 lanes of `fma(d_w·d_a, f32(Σ q·a), acc)`, `hsum`, then the
        /// mins' Σ `fma(m_w, s_a)` in block order added).
        static func q4_1x8(_ w: UnsafeRawPointer, _ a: Act32x8, blocks nb: Int) -> SIMD8<Float> {
            var c0 = _mm256_setzero_ps(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0
            var m = SIMD8<Float>()
            var x = UnsafeRawPointer(a.qs), d = a.d, s = a.s
            for b in 0..<nb {
                let p = w + 20 * b
                let q = nibbles(p + 4)
                let sc = scales8(f16(p), d)
                @inline(__always) func one(_ t: Int32, _ c: __m256) -> __m256 {
                    let dot = dotU8S8(q, load32(x + 32 * Int(t)))
                    return _mm256_fmadd_ps(lane(sc, t), _mm256_cvtepi32_ps(dot), c)
                }
                c0 = one(0, c0)
                c1 = one(1, c1)
                c2 = one(2, c2)
                c3 = one(3, c3)
                c4 = one(4, c4)
                c5 = one(5, c5)
                c6 = one(6, c6)
                c7 = one(7, c7)
                m = m.addingProduct(
                    SIMD8(repeating: f16(p, 2)), UnsafeRawPointer(s).loadUnaligned(as: SIMD8<Float>.self))
                x += 256
                d += 8
                s += 8
            }
            return sum8(c0, c1, c2, c3, c4, c5, c6, c7) + m
        }

        /// Q8_0 for 8 tokens: as `q8_0` per token (sign trick, 8 lanes of `fma(d_w·d_a, f32(Σ q·a), acc)`, `hsum`).
        static func q8_0x8(_ w: UnsafeRawPointer, _ a: Act32x8, blocks nb: Int) -> SIMD8<Float> {
            var c0 = _mm256_setzero_ps(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0
            var x = UnsafeRawPointer(a.qs), d = a.d
            for b in 0..<nb {
                let p = w + 34 * b
                let wq = load32(p + 2)
                let aw = _mm256_sign_epi8(wq, wq)
                let sc = scales8(f16(p), d)
                @inline(__always) func one(_ t: Int32, _ c: __m256) -> __m256 {
                    let dot = dotU8S8(aw, _mm256_sign_epi8(load32(x + 32 * Int(t)), wq))
                    return _mm256_fmadd_ps(lane(sc, t), _mm256_cvtepi32_ps(dot), c)
                }
                c0 = one(0, c0)
                c1 = one(1, c1)
                c2 = one(2, c2)
                c3 = one(3, c3)
                c4 = one(4, c4)
                c5 = one(5, c5)
                c6 = one(6, c6)
                c7 = one(7, c7)
                x += 256
                d += 8
            }
            return sum8(c0, c1, c2, c3, c4, c5, c6, c7)
        }
    }
#endif
