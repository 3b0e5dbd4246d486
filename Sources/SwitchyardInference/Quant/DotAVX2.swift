#if arch(x86_64)
    import _Builtin_intrinsics.intel

    /// AVX2 integer dot products of one quantized weight row with quantized activations. Same arithmetic as
    /// `DotPortable`; the technique (`maddubs` of unsigned weights × signed activations, `madd` to i32, f32
    /// FMA with the block scales) follows ggml `ggml-cpu/arch/x86/quants.c`.
    enum DotAVX2 {
        @inline(__always) static func load32(_ p: UnsafeRawPointer) -> __m256i {
            _mm256_loadu_si256(p.assumingMemoryBound(to: __m256i.self))
        }

        @inline(__always) static func load16(_ p: UnsafeRawPointer) -> __m128i {
            _mm_loadu_si128(p.assumingMemoryBound(to: __m128i.self))
        }

        @inline(__always) static func f16(_ p: UnsafeRawPointer, _ off: Int = 0) -> Float {
            _cvtsh_ss(p.loadUnaligned(fromByteOffset: off, as: UInt16.self))
        }

        /// 16 bytes of nibbles → 32 bytes: low nibbles in bytes 0..15, high nibbles in 16..31.
        @inline(__always) static func nibbles(_ p: UnsafeRawPointer) -> __m256i {
            let q = load16(p)
            let m = _mm_set1_epi8(0x0F)
            let lo = _mm_and_si128(q, m)
            let hi = _mm_and_si128(_mm_srli_epi16(q, 4), m)
            return __m256i(lowHalf: lo, highHalf: hi)
        }

        /// Σ u8(a)·s8(b) over 32 bytes as 8 i32 lanes.
        @inline(__always) static func dotU8S8(_ a: __m256i, _ b: __m256i) -> __m256i {
            _mm256_madd_epi16(_mm256_maddubs_epi16(a, b), _mm256_set1_epi16(1))
        }

        /// ggml's `hsum_float_8`: (v0+v4 + v2+v6) + (v1+v5 + v3+v7). (`SIMD4.sum()` adds sequentially,
        /// which is a different rounding.)
        @inline(__always) static func hsum(_ v: __m256) -> Float {
            var r = _mm_add_ps(v.highHalf, v.lowHalf)
            r = _mm_add_ps(r, _mm_movehl_ps(r, r))
            r = _mm_add_ss(r, _mm_movehdup_ps(r))
            return _mm_cvtss_f32(r)
        }

        @inline(__always) static func hsumI(_ v: __m256i) -> Int32 {
            unsafeBitCast(v, to: SIMD8<Int32>.self).wrappedSum()
        }

        static func q8_0(_ w: UnsafeRawPointer, _ a: Act32, blocks nb: Int) -> Float {
            var acc = _mm256_setzero_ps()
            let x = UnsafeRawPointer(a.qs)
            for b in 0..<nb {
                let p = w + 34 * b
                let wq = load32(p + 2)
                let xq = load32(x + 32 * b)
                let dot = dotU8S8(_mm256_sign_epi8(wq, wq), _mm256_sign_epi8(xq, wq))
                acc = _mm256_fmadd_ps(_mm256_set1_ps(f16(p) * a.d[b]), _mm256_cvtepi32_ps(dot), acc)
            }
            return hsum(acc)
        }

        /// Σ s8(a)·s8(b) over 32 bytes as 8 i32 lanes (sign trick: |a| × b·sign(a)).
        @inline(__always) static func dotS8S8(_ a: __m256i, _ b: __m256i) -> __m256i {
            dotU8S8(_mm256_sign_epi8(a, a), _mm256_sign_epi8(b, a))
        }

        /// Q4_0 weights as signed bytes q − 8.
        @inline(__always) static func q4_0Signed(_ p: UnsafeRawPointer) -> __m256i {
            _mm256_sub_epi8(nibbles(p + 2), _mm256_set1_epi8(8))
        }

        static func q4_0(_ w: UnsafeRawPointer, _ a: Act32, blocks nb: Int) -> Float {
            var acc = _mm256_setzero_ps()
            let x = UnsafeRawPointer(a.qs)
            for b in 0..<nb {
                let p = w + 18 * b
                let dot = dotS8S8(q4_0Signed(p), load32(x + 32 * b))
                acc = _mm256_fmadd_ps(_mm256_set1_ps(f16(p) * a.d[b]), _mm256_cvtepi32_ps(dot), acc)
            }
            return hsum(acc)
        }

        static func q4_1(_ w: UnsafeRawPointer, _ a: Act32, blocks nb: Int) -> Float {
            var acc = _mm256_setzero_ps()
            var summ: Float = 0
            let x = UnsafeRawPointer(a.qs)
            var b = 0
            while b + 1 < nb {
                let p0 = w + 20 * b, p1 = p0 + 20
                let d0 = dotU8S8(nibbles(p0 + 4), load32(x + 32 * b))
                let d1 = dotU8S8(nibbles(p1 + 4), load32(x + 32 * b + 32))
                acc = _mm256_fmadd_ps(_mm256_set1_ps(f16(p0) * a.d[b]), _mm256_cvtepi32_ps(d0), acc)
                acc = _mm256_fmadd_ps(_mm256_set1_ps(f16(p1) * a.d[b + 1]), _mm256_cvtepi32_ps(d1), acc)
                // Same summation order as the 4-token kernel, so batch and single-token results are bit-identical.
                summ = summ.addingProduct(f16(p0, 2), a.s[b])
                summ = summ.addingProduct(f16(p1, 2), a.s[b + 1])
                b += 2
            }
            if b < nb {
                let p = w + 20 * b
                let dot = dotU8S8(nibbles(p + 4), load32(x + 32 * b))
                acc = _mm256_fmadd_ps(_mm256_set1_ps(f16(p) * a.d[b]), _mm256_cvtepi32_ps(dot), acc)
                summ = summ.addingProduct(f16(p, 2), a.s[b])
            }
            return hsum(acc) + summ
        }

        /// The 32 bits of `qh` as 32 bytes, 0x10 where the bit is set.
        @inline(__always) static func highBits(_ qh: UInt32) -> __m256i {
            let v = _mm256_set1_epi32(Int32(bitPattern: qh))
            let shuf = _mm256_setr_epi64x(0, 0x0101_0101_0101_0101, 0x0202_0202_0202_0202, 0x0303_0303_0303_0303)
            let bytes = _mm256_shuffle_epi8(v, shuf)
            let bit = _mm256_set1_epi64x(Int64(bitPattern: 0x8040_2010_0804_0201))
            let set = _mm256_cmpeq_epi8(_mm256_and_si256(bytes, bit), bit)
            return _mm256_and_si256(set, _mm256_set1_epi8(0x10))
        }

        /// Q5_0 weights as signed bytes q − 16 (nibble, or nibble − 16 where the high bit is clear).
        @inline(__always) static func q5_0Signed(_ p: UnsafeRawPointer) -> __m256i {
            let qh = p.loadUnaligned(fromByteOffset: 2, as: UInt32.self)
            let hi = highBits(qh)  // 0x10 where set
            let notSet = _mm256_andnot_si256(_mm256_cmpeq_epi8(hi, _mm256_set1_epi8(0x10)), _mm256_set1_epi8(-16))
            return _mm256_or_si256(nibbles(p + 6), notSet)
        }

        static func q5_0(_ w: UnsafeRawPointer, _ a: Act32, blocks nb: Int) -> Float {
            var acc = _mm256_setzero_ps()
            let x = UnsafeRawPointer(a.qs)
            for b in 0..<nb {
                let p = w + 22 * b
                let dot = dotS8S8(q5_0Signed(p), load32(x + 32 * b))
                acc = _mm256_fmadd_ps(_mm256_set1_ps(f16(p) * a.d[b]), _mm256_cvtepi32_ps(dot), acc)
            }
            return hsum(acc)
        }

        /// Q4_K as llama.cpp runs it on AVX2: the weights are repacked at load (`CPU_REPACK`, q4_K_8x8,
        /// ggml-cpu `repack.cpp`), so one token goes through `ggml_gemv_q4_K_8x8_q8_K`: per super-block the
        /// exact integer sums Σ scale·(q·a) and Σ min·bsum, each converted to f32 once and accumulated with
        /// one FMA by `d_w·d_a` and `dmin_w·d_a` into two separate sums, subtracted at the end.
        static func q4_K(_ w: UnsafeRawPointer, _ a: ActK, blocks nb: Int) -> Float {
            q4_KRepacked(w, a, blocks: nb, perPair: false)
        }

        /// Q4_K for tokens in groups of four (`ggml_gemm_q4_K_8x8_q8_K`): as `q4_K`, but the FMAs happen per
        /// 64 elements (two sub-blocks) instead of per super-block.
        static func q4_KGemm(_ w: UnsafeRawPointer, _ a: ActK, blocks nb: Int) -> Float {
            q4_KRepacked(w, a, blocks: nb, perPair: true)
        }

        @inline(__always)
        static func q4_KRepacked(_ w: UnsafeRawPointer, _ a: ActK, blocks nb: Int, perPair: Bool) -> Float {
            var acc: Float = 0
            var accMin: Float = 0
            let x = UnsafeRawPointer(a.qs)
            let m4 = _mm256_set1_epi8(0x0F)
            for b in 0..<nb {
                let p = w + 144 * b
                let (sc, mn) = unpackKScales(p + 4)
                let xb = x + 256 * b
                let bs = a.bsums + 16 * b
                let dx = a.d[b]
                let dd = f16(p) * dx, dm = f16(p, 2) * dx
                var sumi = _mm256_setzero_si256()
                var summ: Int32 = 0
                for c in 0..<4 {
                    let q = load32(p + 16 + 32 * c)
                    let lo = _mm256_and_si256(q, m4)
                    let hi = _mm256_and_si256(_mm256_srli_epi16(q, 4), m4)
                    let plo = _mm256_maddubs_epi16(lo, load32(xb + 64 * c))
                    let phi = _mm256_maddubs_epi16(hi, load32(xb + 64 * c + 32))
                    let part = _mm256_add_epi32(
                        _mm256_madd_epi16(plo, _mm256_set1_epi16(Int16(sc[2 * c]))),
                        _mm256_madd_epi16(phi, _mm256_set1_epi16(Int16(sc[2 * c + 1]))))
                    let pm =
                        mn[2 * c] &* (bs[4 * c] &+ bs[4 * c + 1]) &+ mn[2 * c + 1] &* (bs[4 * c + 2] &+ bs[4 * c + 3])
                    if perPair {
                        acc = acc.addingProduct(Float(hsumI(part)), dd)
                        accMin = accMin.addingProduct(Float(pm), dm)
                    } else {
                        sumi = _mm256_add_epi32(sumi, part)
                        summ &+= pm
                    }
                }
                if !perPair {
                    acc = acc.addingProduct(Float(hsumI(sumi)), dd)
                    accMin = accMin.addingProduct(Float(summ), dm)
                }
            }
            return acc - accMin
        }

        /// The per-lane integer sums of one Q6_K super-block (lane L: bytes 4L..4L+3 of every 32-byte chunk,
        /// as ggml's AVX2 `ggml_vec_dot_q6_K_q8_K`), with the +32 offset already removed per lane.
        @inline(__always)
        static func q6_KLanes(_ p: UnsafeRawPointer, _ xb: UnsafeRawPointer, _ bs: UnsafePointer<Int32>) -> SIMD8<Int32>
        {
            let m4 = _mm256_set1_epi8(0x0F)
            let m30 = _mm256_set1_epi8(0x30)
            let scp = (p + 192).assumingMemoryBound(to: Int8.self)
            var sumi = _mm256_setzero_si256()
            for h in 0..<2 {
                let ql0 = load32(p + 64 * h)
                let ql1 = load32(p + 64 * h + 32)
                let qh = load32(p + 128 + 32 * h)
                let q1 = _mm256_or_si256(_mm256_and_si256(ql0, m4), _mm256_and_si256(_mm256_slli_epi16(qh, 4), m30))
                let q2 = _mm256_or_si256(_mm256_and_si256(ql1, m4), _mm256_and_si256(_mm256_slli_epi16(qh, 2), m30))
                let q3 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql0, 4), m4), _mm256_and_si256(qh, m30))
                let q4 = _mm256_or_si256(
                    _mm256_and_si256(_mm256_srli_epi16(ql1, 4), m4), _mm256_and_si256(_mm256_srli_epi16(qh, 2), m30)
                )
                let sc = scp + 8 * h
                let xo = xb + 128 * h
                @inline(__always) func part(_ k: Int, _ q: __m256i) -> __m256i {
                    let s = __m256i(
                        lowHalf: _mm_set1_epi16(Int16(sc[2 * k])), highHalf: _mm_set1_epi16(Int16(sc[2 * k + 1])))
                    return _mm256_madd_epi16(_mm256_maddubs_epi16(q, load32(xo + 32 * k)), s)
                }
                sumi = _mm256_add_epi32(sumi, _mm256_add_epi32(part(0, q1), part(1, q2)))
                sumi = _mm256_add_epi32(sumi, _mm256_add_epi32(part(2, q3), part(3, q4)))
            }
            // ggml: _mm256_slli_epi32(_mm256_madd_epi16(bsums, scales), 5), i.e. lane L removes
            // 32·(bsum[2L]·sc[2L] + bsum[2L+1]·sc[2L+1]).
            let bsv = _mm256_packs_epi32(load32(bs), load32(bs + 8))  // 16 × i16, lanes 0-3|8-11 and 4-7|12-15
            let bsOrdered = _mm256_permutevar8x32_epi32(bsv, _mm256_setr_epi32(0, 1, 4, 5, 2, 3, 6, 7))  // order 0…15
            let sc16 = _mm256_cvtepi8_epi16(load16(scp))
            let corr = _mm256_slli_epi32(_mm256_madd_epi16(bsOrdered, sc16), 5)
            return unsafeBitCast(_mm256_sub_epi32(sumi, corr), to: SIMD8<Int32>.self)
        }

        /// Q6_K as ggml's AVX2 `ggml_vec_dot_q6_K_q8_K` (llama.cpp with fewer than 8 tokens in the batch):
        /// per lane `acc = fma(d_a·d_w, f32(lane), acc)`, then `hsum_float_8`.
        static func q6_K(_ w: UnsafeRawPointer, _ a: ActK, blocks nb: Int) -> Float {
            var acc = _mm256_setzero_ps()
            let x = UnsafeRawPointer(a.qs)
            for b in 0..<nb {
                let p = w + 210 * b
                let lanes = unsafeBitCast(q6_KLanes(p, x + 256 * b, a.bsums + 16 * b), to: __m256i.self)
                let d = a.d[b] * f16(p, 208)
                acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(lanes), acc)
            }
            return hsum(acc)
        }

        /// Q6_K as llama.cpp's tiled K-quant matmul (`ggml-cpu/tiled`, taken when the batch has ≥ 8 tokens):
        /// per super-block the exact integer sum `s`, then `acc = fma(d_w·f32(s), d_a, acc)`.
        static func q6_KTiled(_ w: UnsafeRawPointer, _ a: ActK, blocks nb: Int) -> Float {
            var acc: Float = 0
            let x = UnsafeRawPointer(a.qs)
            for b in 0..<nb {
                let p = w + 210 * b
                let lanes = q6_KLanes(p, x + 256 * b, a.bsums + 16 * b)
                acc = acc.addingProduct(f16(p, 208) * Float(lanes.wrappedSum()), a.d[b])
            }
            return acc
        }

        static func f32(_ w: UnsafeRawPointer, _ x: UnsafePointer<Float>, count n: Int) -> Float {
            var acc = _mm256_setzero_ps()
            let xr = UnsafeRawPointer(x)
            var i = 0
            while i + 8 <= n {
                acc = _mm256_fmadd_ps(
                    _mm256_loadu_ps((w + 4 * i).assumingMemoryBound(to: Float.self)),
                    _mm256_loadu_ps((xr + 4 * i).assumingMemoryBound(to: Float.self)), acc)
                i += 8
            }
            var s = hsum(acc)
            while i < n { s += w.loadUnaligned(fromByteOffset: 4 * i, as: Float.self) * x[i]; i += 1 }
            return s
        }

        static func f16row(_ w: UnsafeRawPointer, _ x: UnsafePointer<Float>, count n: Int) -> Float {
            var acc = _mm256_setzero_ps()
            let xr = UnsafeRawPointer(x)
            var i = 0
            while i + 8 <= n {
                let h = _mm256_cvtph_ps(load16(w + 2 * i))
                acc = _mm256_fmadd_ps(h, _mm256_loadu_ps((xr + 4 * i).assumingMemoryBound(to: Float.self)), acc)
                i += 8
            }
            var s = hsum(acc)
            while i < n { s += Half.load(w, 2 * i) * x[i]; i += 1 }
            return s
        }
    }
#endif
