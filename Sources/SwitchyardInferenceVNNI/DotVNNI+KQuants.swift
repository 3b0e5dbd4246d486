#if SWITCHYARD_VNNI && arch(x86_64)
    import _Builtin_intrinsics.intel

    /// One token's Q8_K activation super-blocks (the layout of `SwitchyardInference`'s `ActK`).
    public struct SuperblockActivations {
        let qs: UnsafeRawPointer
        let d: UnsafePointer<Float>
        let bsums: UnsafePointer<Int32>

        /// A view of one token's quants, per-super-block scales and 16-element sums.
        /// - Parameters:
        ///   - qs: The token's quants.
        ///   - d: Its super-block scales.
        ///   - bsums: Its sums of 16 quants.
        public init(qs: UnsafePointer<Int8>, d: UnsafePointer<Float>, bsums: UnsafePointer<Int32>) {
            self.qs = UnsafeRawPointer(qs)
            self.d = d
            self.bsums = bsums
        }
    }

    /// The 4-token Q4_K and Q6_K kernels (`DotAVX2.q4_Kx4`, `q6_Kx4`) with AVX-512 VNNI: each `madd` by a
    /// sub-block scale and the add into the running sum become one `vpdpwssd`. Exact integer sums, the same float
    /// operations: bit-identical to the AVX2 kernels.
    extension DotVNNI {
        /// `acc` + Σ s16(a)·s16(b) over each pair (`vpdpwssd`).
        @inline(__always) static func dotWords(_ acc: __m256i, _ a: __m256i, _ b: __m256i) -> __m256i {
            _mm256_mask_dpwssd_epi32(acc, 0xFF, a, b)
        }

        @inline(__always) static func load16(_ p: UnsafeRawPointer) -> __m128i {
            _mm_loadu_si128(p.assumingMemoryBound(to: __m128i.self))
        }

        /// The exact integer sums of four 8-lane vectors, one per token.
        @inline(__always)
        static func hsum4(_ v0: __m256i, _ v1: __m256i, _ v2: __m256i, _ v3: __m256i) -> SIMD4<Int32> {
            let h = _mm256_hadd_epi32(_mm256_hadd_epi32(v0, v1), _mm256_hadd_epi32(v2, v3))
            return unsafeBitCast(_mm_add_epi32(h.lowHalf, h.highHalf), to: SIMD4<Int32>.self)
        }

        /// Q4_K/Q5_K 6-bit scales and mins of one super-block (ggml `get_scale_min_k4`).
        @inline(__always) static func kScales(_ s: UnsafeRawPointer) -> (sc: SIMD8<Int32>, mn: SIMD8<Int32>) {
            var sc = SIMD8<Int32>()
            var mn = SIMD8<Int32>()
            let b = s.assumingMemoryBound(to: UInt8.self)
            for j in 0..<4 {
                sc[j] = Int32(b[j] & 63)
                mn[j] = Int32(b[j + 4] & 63)
            }
            for j in 4..<8 {
                sc[j] = Int32((b[j + 4] & 0xF) | ((b[j - 4] >> 6) << 4))
                mn[j] = Int32((b[j + 4] >> 4) | ((b[j] >> 6) << 4))
            }
            return (sc, mn)
        }

        /// Q4_K (repacked gemm when `perPair`, else gemv) × 4 tokens.
        /// - Parameters:
        ///   - w: One weight row of `blocks` Q4_K super-blocks.
        ///   - a: The 4 tokens' activations.
        ///   - blocks: Super-blocks per row.
        ///   - perPair: The gemm variant (FMAs per 64 elements) instead of the gemv one.
        public static func q4_Kx4(
            _ w: UnsafeRawPointer, _ a: UnsafePointer<SuperblockActivations>, blocks nb: Int, perPair: Bool
        ) -> SIMD4<Float> {
            perPair ? q4_Kx4Body(w, a, nb, perPair: true) : q4_Kx4Body(w, a, nb, perPair: false)
        }

        @inline(__always)
        static func q4_Kx4Body(
            _ w: UnsafeRawPointer, _ a: UnsafePointer<SuperblockActivations>, _ nb: Int, perPair: Bool
        ) -> SIMD4<Float> {
            var acc = SIMD4<Float>()
            var accMin = SIMD4<Float>()
            let m4 = _mm256_set1_epi8(0x0F)
            let zero = _mm256_setzero_si256()
            let x0 = a[0].qs, x1 = a[1].qs, x2 = a[2].qs, x3 = a[3].qs
            for b in 0..<nb {
                let p = w + 144 * b
                let (sc, mn) = kScales(p + 4)
                let dx = SIMD4(a[0].d[b], a[1].d[b], a[2].d[b], a[3].d[b])
                let dd = SIMD4(repeating: f16(p)) * dx
                let dm = SIMD4(repeating: f16(p, 2)) * dx
                let mnv = unsafeBitCast(
                    SIMD8<Int32>(mn[0], mn[1], mn[4], mn[5], mn[2], mn[3], mn[6], mn[7]), to: __m256i.self)
                @inline(__always) func minProducts(_ t: Int) -> __m256i {
                    let bs = UnsafeRawPointer(a[t].bsums + 16 * b)
                    return _mm256_mullo_epi32(_mm256_hadd_epi32(load32(bs), load32(bs + 32)), mnv)
                }
                let pa = _mm256_hadd_epi32(minProducts(0), minProducts(1))
                let pb = _mm256_hadd_epi32(minProducts(2), minProducts(3))
                let u = _mm256_unpacklo_epi32(pa, pb), v = _mm256_unpackhi_epi32(pa, pb)
                let even = _mm256_cvtepi32_ps(_mm256_unpacklo_epi32(u, v))
                let odd = _mm256_cvtepi32_ps(_mm256_unpackhi_epi32(u, v))
                let pm = (even.lowHalf, even.highHalf, odd.lowHalf, odd.highHalf)
                var s0 = zero, s1 = zero, s2 = zero, s3 = zero
                let o = 256 * b
                @inline(__always) func chunk(_ c: Int, _ m: SIMD4<Float>) {
                    let q = load32(p + 16 + 32 * c)
                    let lo = _mm256_and_si256(q, m4)
                    let hi = _mm256_and_si256(_mm256_srli_epi16(q, 4), m4)
                    let sl = _mm256_set1_epi16(Int16(truncatingIfNeeded: sc[2 * c]))
                    let sh = _mm256_set1_epi16(Int16(truncatingIfNeeded: sc[2 * c + 1]))
                    let xo = o + 64 * c
                    @inline(__always) func part(_ x: UnsafeRawPointer, _ start: __m256i) -> __m256i {
                        let l = dotWords(start, _mm256_maddubs_epi16(lo, load32(x + xo)), sl)
                        return dotWords(l, _mm256_maddubs_epi16(hi, load32(x + xo + 32)), sh)
                    }
                    if perPair {
                        let p0 = part(x0, zero), p1 = part(x1, zero), p2 = part(x2, zero), p3 = part(x3, zero)
                        acc = acc.addingProduct(SIMD4<Float>(hsum4(p0, p1, p2, p3)), dd)
                        accMin = accMin.addingProduct(m, dm)
                    } else {
                        s0 = part(x0, s0)
                        s1 = part(x1, s1)
                        s2 = part(x2, s2)
                        s3 = part(x3, s3)
                    }
                }
                chunk(0, pm.0)
                chunk(1, pm.1)
                chunk(2, pm.2)
                chunk(3, pm.3)
                if !perPair {
                    acc = acc.addingProduct(SIMD4<Float>(hsum4(s0, s1, s2, s3)), dd)
                    accMin = accMin.addingProduct((pm.0 + pm.1) + (pm.2 + pm.3), dm)
                }
            }
            return acc - accMin
        }

        /// Q6_K (tiled when `tiled`, else `vec_dot`) × 4 tokens.
        /// - Parameters:
        ///   - w: One weight row of `blocks` Q6_K super-blocks.
        ///   - a: The 4 tokens' activations.
        ///   - blocks: Super-blocks per row.
        ///   - tiled: The tiled matmul's variant (one FMA per super-block) instead of `vec_dot`'s.
        public static func q6_Kx4(
            _ w: UnsafeRawPointer, _ a: UnsafePointer<SuperblockActivations>, blocks nb: Int, tiled: Bool
        ) -> SIMD4<Float> {
            tiled ? q6_Kx4Body(w, a, nb, tiled: true) : q6_Kx4Body(w, a, nb, tiled: false)
        }

        @inline(__always)
        static func q6_Kx4Body(
            _ w: UnsafeRawPointer, _ a: UnsafePointer<SuperblockActivations>, _ nb: Int, tiled: Bool
        ) -> SIMD4<Float> {
            var acc = SIMD4<Float>()
            var c0 = _mm256_setzero_ps(), c1 = c0, c2 = c0, c3 = c0
            let m4 = _mm256_set1_epi8(0x0F)
            let m30 = _mm256_set1_epi8(0x30)
            let x0 = a[0].qs, x1 = a[1].qs, x2 = a[2].qs, x3 = a[3].qs
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
                        s0 = dotWords(s0, _mm256_maddubs_epi16(q, load32(x0 + o)), s)
                        s1 = dotWords(s1, _mm256_maddubs_epi16(q, load32(x1 + o)), s)
                        s2 = dotWords(s2, _mm256_maddubs_epi16(q, load32(x2 + o)), s)
                        s3 = dotWords(s3, _mm256_maddubs_epi16(q, load32(x3 + o)), s)
                    }
                    parts(0, q1)
                    parts(1, q2)
                    parts(2, q3)
                    parts(3, q4)
                }
                half(0)
                half(1)
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
