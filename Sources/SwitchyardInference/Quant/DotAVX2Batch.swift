#if arch(x86_64)
    import _Builtin_intrinsics.intel

    /// Multi-token kernels for Gemma's weight types (prefill and batched decode): one weight row against 8 (Q5_0)
    /// or 4 (Q4_K, Q6_K) tokens, the weight blocks unpacked once for all of them. Every output is bit-identical
    /// to the single-token kernel of its token (`DotKernelTests` checks it on random blocks): the integer sums are
    /// exact whatever the order, and each token's float operations (which products are rounded, which FMAs run
    /// in which order) are the single-token kernel's, only done for several tokens per instruction.
    extension DotAVX2 {
        /// Q5_0 weights as unsigned bytes q + 16 ∈ [0, 31] (the nibble, plus 16 where the high bit is set).
        @inline(__always) static func q5_0Unsigned(_ p: UnsafeRawPointer) -> __m256i {
            _mm256_or_si256(nibbles(p + 6), highBits(p.loadUnaligned(fromByteOffset: 2, as: UInt32.self)))
        }

        /// Q5_0 for 8 tokens (a group packed by `QuantizedActivations.pack8`). Per token and block the lane sums
        /// are Σ (q + 16)·a − 16·Σ a over each 4 bytes, i.e. exactly `dotS8S8(q5_0Signed, a)`'s lanes (unsigned
        /// weights need no sign trick; the activation's −16·Σ a per lane is computed once per input); then the
        /// same `fma(d_w·d_a, f32(lane), acc)` per block and `hsum` as `q5_0`.
        static func q5_0x8(_ w: UnsafeRawPointer, _ a: Act32x8, blocks nb: Int) -> SIMD8<Float> {
            var c0 = _mm256_setzero_ps(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0
            let ones = _mm256_set1_epi16(1)
            var x = UnsafeRawPointer(a.qs), l = UnsafeRawPointer(a.lanes), d = a.d
            for b in 0..<nb {
                let p = w + 22 * b
                let q = q5_0Unsigned(p)
                let sc = scales8(f16(p), d)
                @inline(__always) func one(_ t: Int32, _ c: __m256) -> __m256 {
                    let s = _mm256_madd_epi16(_mm256_maddubs_epi16(q, load32(x + 32 * Int(t))), ones)
                    let lanes = _mm256_add_epi32(s, load32(l + 32 * Int(t)))
                    return _mm256_fmadd_ps(lane(sc, t), _mm256_cvtepi32_ps(lanes), c)
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
                l += 256
                d += 8
            }
            return SIMD8(hsum(c0), hsum(c1), hsum(c2), hsum(c3), hsum(c4), hsum(c5), hsum(c6), hsum(c7))
        }

        /// The exact integer sums of four 8-lane vectors, one per token: `[Σ v0, Σ v1, Σ v2, Σ v3]`.
        @inline(__always)
        static func hsum4(_ v0: __m256i, _ v1: __m256i, _ v2: __m256i, _ v3: __m256i) -> SIMD4<Int32> {
            let h = _mm256_hadd_epi32(_mm256_hadd_epi32(v0, v1), _mm256_hadd_epi32(v2, v3))
            return unsafeBitCast(_mm_add_epi32(h.lowHalf, h.highHalf), to: SIMD4<Int32>.self)
        }

        /// Q4_K (repacked, as `q4_KRepacked`) for 4 tokens: `perPair` is the gemm (`q4_KGemm`), otherwise the
        /// gemv (`q4_K`). Per token the same integer sums and the same FMAs in the same order, four tokens per
        /// SIMD4 operation.
        static func q4_Kx4(
            _ w: UnsafeRawPointer, _ a: UnsafePointer<ActK>, blocks nb: Int, perPair: Bool
        )
            -> SIMD4<Float>
        {
            perPair ? q4_Kx4Body(w, a, nb, perPair: true) : q4_Kx4Body(w, a, nb, perPair: false)
        }

        @inline(__always)
        static func q4_Kx4Body(
            _ w: UnsafeRawPointer, _ a: UnsafePointer<ActK>, _ nb: Int, perPair: Bool
        )
            -> SIMD4<Float>
        {
            var acc = SIMD4<Float>()
            var accMin = SIMD4<Float>()
            let m4 = _mm256_set1_epi8(0x0F)
            let x0 = UnsafeRawPointer(a[0].qs), x1 = UnsafeRawPointer(a[1].qs)
            let x2 = UnsafeRawPointer(a[2].qs), x3 = UnsafeRawPointer(a[3].qs)
            for b in 0..<nb {
                let p = w + 144 * b
                let (sc, mn) = unpackKScales(p + 4)
                let dx = SIMD4(a[0].d[b], a[1].d[b], a[2].d[b], a[3].d[b])
                let dd = SIMD4(repeating: f16(p)) * dx
                let dm = SIMD4(repeating: f16(p, 2)) * dx
                // Mins: pm_c = mn[2c]·(bs[4c] + bs[4c+1]) + mn[2c+1]·(bs[4c+2] + bs[4c+3]) per token, exact.
                // hadd gives per token the pair sums in lane order [P0 P1 P4 P5 | P2 P3 P6 P7].
                let mnv = unsafeBitCast(
                    SIMD8<Int32>(mn[0], mn[1], mn[4], mn[5], mn[2], mn[3], mn[6], mn[7]), to: __m256i.self)
                @inline(__always) func minProducts(_ t: Int) -> __m256i {
                    let bs = UnsafeRawPointer(a[t].bsums + 16 * b)
                    return _mm256_mullo_epi32(_mm256_hadd_epi32(load32(bs), load32(bs + 32)), mnv)
                }
                // hadd of two tokens t, u: [pm0_t pm2_t pm0_u pm2_u | pm1_t pm3_t pm1_u pm3_u]; then transposed.
                let pa = _mm256_hadd_epi32(minProducts(0), minProducts(1))
                let pb = _mm256_hadd_epi32(minProducts(2), minProducts(3))
                let u = _mm256_unpacklo_epi32(pa, pb), v = _mm256_unpackhi_epi32(pa, pb)
                let even = _mm256_cvtepi32_ps(_mm256_unpacklo_epi32(u, v))  // pm0 | pm1, tokens 0…3
                let odd = _mm256_cvtepi32_ps(_mm256_unpackhi_epi32(u, v))  // pm2 | pm3
                let pm = (even.lowHalf, even.highHalf, odd.lowHalf, odd.highHalf)
                var s0 = _mm256_setzero_si256(), s1 = s0, s2 = s0, s3 = s0
                let o = 256 * b
                @inline(__always) func chunk(_ c: Int, _ m: SIMD4<Float>) {
                    let q = load32(p + 16 + 32 * c)
                    let lo = _mm256_and_si256(q, m4)
                    let hi = _mm256_and_si256(_mm256_srli_epi16(q, 4), m4)
                    let sl = _mm256_set1_epi16(Int16(truncatingIfNeeded: sc[2 * c]))
                    let sh = _mm256_set1_epi16(Int16(truncatingIfNeeded: sc[2 * c + 1]))
                    let xo = o + 64 * c
                    @inline(__always) func part(_ x: UnsafeRawPointer) -> __m256i {
                        _mm256_add_epi32(
                            _mm256_madd_epi16(_mm256_maddubs_epi16(lo, load32(x + xo)), sl),
                            _mm256_madd_epi16(_mm256_maddubs_epi16(hi, load32(x + xo + 32)), sh))
                    }
                    let p0 = part(x0), p1 = part(x1), p2 = part(x2), p3 = part(x3)
                    if perPair {
                        acc = acc.addingProduct(SIMD4<Float>(hsum4(p0, p1, p2, p3)), dd)
                        accMin = accMin.addingProduct(m, dm)
                    } else {
                        s0 = _mm256_add_epi32(s0, p0)
                        s1 = _mm256_add_epi32(s1, p1)
                        s2 = _mm256_add_epi32(s2, p2)
                        s3 = _mm256_add_epi32(s3, p3)
                    }
                }
                chunk(0, pm.0)
                chunk(1, pm.1)
                chunk(2, pm.2)
                chunk(3, pm.3)
                if !perPair {
                    acc = acc.addingProduct(SIMD4<Float>(hsum4(s0, s1, s2, s3)), dd)
                    // The integer Σ_c pm_c (exact in f32: |Σ| < 2^24), as the gemv's one FMA per super-block.
                    accMin = accMin.addingProduct((pm.0 + pm.1) + (pm.2 + pm.3), dm)
                }
            }
            return acc - accMin
        }

        /// Q6_K for 4 tokens: `tiled` as `q6_KTiled` (one FMA per super-block), otherwise as `q6_K` (8 lanes,
        /// `hsum` at the end). The lane sums are `q6_KLanes`' for each token.
        static func q6_Kx4(
            _ w: UnsafeRawPointer, _ a: UnsafePointer<ActK>, blocks nb: Int, tiled: Bool
        )
            -> SIMD4<Float>
        {
            tiled ? q6_Kx4Body(w, a, nb, tiled: true) : q6_Kx4Body(w, a, nb, tiled: false)
        }

        @inline(__always)
        static func q6_Kx4Body(
            _ w: UnsafeRawPointer, _ a: UnsafePointer<ActK>, _ nb: Int, tiled: Bool
        )
            -> SIMD4<Float>
        {
            var acc = SIMD4<Float>()
            var c0 = _mm256_setzero_ps(), c1 = c0, c2 = c0, c3 = c0
            let m4 = _mm256_set1_epi8(0x0F)
            let m30 = _mm256_set1_epi8(0x30)
            let x0 = UnsafeRawPointer(a[0].qs), x1 = UnsafeRawPointer(a[1].qs)
            let x2 = UnsafeRawPointer(a[2].qs), x3 = UnsafeRawPointer(a[3].qs)
            for b in 0..<nb {
                let p = w + 210 * b
                let scp = (p + 192).assumingMemoryBound(to: Int8.self)
                var s0 = _mm256_setzero_si256(), s1 = s0, s2 = s0, s3 = s0
                @inline(__always) func half(_ h: Int) {
                    let ql0 = load32(p + 64 * h)
                    let ql1 = load32(p + 64 * h + 32)
                    let qh = load32(p + 128 + 32 * h)
                    let q1 = _mm256_or_si256(
                        _mm256_and_si256(ql0, m4), _mm256_and_si256(_mm256_slli_epi16(qh, 4), m30))
                    let q2 = _mm256_or_si256(
                        _mm256_and_si256(ql1, m4), _mm256_and_si256(_mm256_slli_epi16(qh, 2), m30))
                    let q3 = _mm256_or_si256(
                        _mm256_and_si256(_mm256_srli_epi16(ql0, 4), m4), _mm256_and_si256(qh, m30))
                    let q4 = _mm256_or_si256(
                        _mm256_and_si256(_mm256_srli_epi16(ql1, 4), m4),
                        _mm256_and_si256(_mm256_srli_epi16(qh, 2), m30))
                    let sc = scp + 8 * h
                    let xo = 256 * b + 128 * h
                    @inline(__always) func parts(_ k: Int, _ q: __m256i) {
                        let s = __m256i(
                            lowHalf: _mm_set1_epi16(Int16(sc[2 * k])), highHalf: _mm_set1_epi16(Int16(sc[2 * k + 1])))
                        let o = xo + 32 * k
                        s0 = _mm256_add_epi32(s0, _mm256_madd_epi16(_mm256_maddubs_epi16(q, load32(x0 + o)), s))
                        s1 = _mm256_add_epi32(s1, _mm256_madd_epi16(_mm256_maddubs_epi16(q, load32(x1 + o)), s))
                        s2 = _mm256_add_epi32(s2, _mm256_madd_epi16(_mm256_maddubs_epi16(q, load32(x2 + o)), s))
                        s3 = _mm256_add_epi32(s3, _mm256_madd_epi16(_mm256_maddubs_epi16(q, load32(x3 + o)), s))
                    }
                    parts(0, q1)
                    parts(1, q2)
                    parts(2, q3)
                    parts(3, q4)
                }
                half(0)
                half(1)
                // The +32 offset per lane, as `q6_KLanes`.
                let sc16 = _mm256_cvtepi8_epi16(load16(UnsafeRawPointer(scp)))
                let order = _mm256_setr_epi32(0, 1, 4, 5, 2, 3, 6, 7)
                @inline(__always) func lanes(_ t: Int, _ s: __m256i) -> __m256i {
                    let bs = UnsafeRawPointer(a[t].bsums + 16 * b)
                    let bsv = _mm256_permutevar8x32_epi32(_mm256_packs_epi32(load32(bs), load32(bs + 32)), order)
                    return _mm256_sub_epi32(s, _mm256_slli_epi32(_mm256_madd_epi16(bsv, sc16), 5))
                }
                let l0 = lanes(0, s0), l1 = lanes(1, s1), l2 = lanes(2, s2), l3 = lanes(3, s3)
                let dw = f16(p, 208)
                if tiled {
                    let dx = SIMD4(a[0].d[b], a[1].d[b], a[2].d[b], a[3].d[b])
                    acc = acc.addingProduct(SIMD4(repeating: dw) * SIMD4<Float>(hsum4(l0, l1, l2, l3)), dx)
                } else {
                    let dwv = _mm256_set1_ps(dw)
                    c0 = _mm256_fmadd_ps(
                        _mm256_mul_ps(_mm256_broadcast_ss(a[0].d + b), dwv), _mm256_cvtepi32_ps(l0), c0)
                    c1 = _mm256_fmadd_ps(
                        _mm256_mul_ps(_mm256_broadcast_ss(a[1].d + b), dwv), _mm256_cvtepi32_ps(l1), c1)
                    c2 = _mm256_fmadd_ps(
                        _mm256_mul_ps(_mm256_broadcast_ss(a[2].d + b), dwv), _mm256_cvtepi32_ps(l2), c2)
                    c3 = _mm256_fmadd_ps(
                        _mm256_mul_ps(_mm256_broadcast_ss(a[3].d + b), dwv), _mm256_cvtepi32_ps(l3), c3)
                }
            }
            return tiled ? acc : SIMD4(hsum(c0), hsum(c1), hsum(c2), hsum(c3))
        }
    }
#endif
