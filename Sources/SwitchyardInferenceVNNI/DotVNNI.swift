#if SWITCHYARD_VNNI && arch(x86_64)
    import _Builtin_intrinsics.intel

    /// The 8-token dot kernels of `SwitchyardInference` (`DotAVX2.q4_1x8`, `q8_0x8`, `q5_0x8`) with AVX-512 VNNI:
    /// `vpdpbusd` (on 256-bit registers) does in one instruction what AVX2 does in `maddubs` + `madd` (+ the add of
    /// the Q5_0 offset lanes). The integer sums are exact either way (no product pair comes near the 16-bit
    /// saturation of `maddubs`), and the float operations are the AVX2 kernels', so every output is bit-identical.
    ///
    /// This module is compiled with AVX-512 enabled for the whole module: call it only after checking the CPU
    /// (`SwitchyardInference` does, once, from `/proc/cpuinfo`). Its inputs are raw pointers in the layout of
    /// `SwitchyardInference`'s `Act32x8` (per block b and token t: 32 quants at `qs + 256·b + 32·t`, 8 lanes of
    /// −16·Σq at `lanes + 64·b + 8·t`, scale `d[8·b + t]`, Q8_1 `s[8·b + t]`).
    public enum DotVNNI {
        @inline(__always) static func load32(_ p: UnsafeRawPointer) -> __m256i {
            _mm256_loadu_si256(p.assumingMemoryBound(to: __m256i.self))
        }

        @inline(__always) static func f16(_ p: UnsafeRawPointer, _ off: Int = 0) -> Float {
            _cvtsh_ss(p.loadUnaligned(fromByteOffset: off, as: UInt16.self))
        }

        /// `acc` + Σ u8(a)·s8(b) over each 4 bytes (`vpdpbusd`; the mask form is the one Swift imports, all lanes).
        @inline(__always) static func dot(_ acc: __m256i, _ a: __m256i, _ b: __m256i) -> __m256i {
            _mm256_mask_dpbusd_epi32(acc, 0xFF, a, b)
        }

        @inline(__always) static func nibbles(_ p: UnsafeRawPointer) -> __m256i {
            let q = _mm_loadu_si128(p.assumingMemoryBound(to: __m128i.self))
            let m = _mm_set1_epi8(0x0F)
            return __m256i(lowHalf: _mm_and_si128(q, m), highHalf: _mm_and_si128(_mm_srli_epi16(q, 4), m))
        }

        /// ggml's `hsum_float_8`, as `DotAVX2.hsum`.
        @inline(__always) static func hsum(_ v: __m256) -> Float {
            var r = _mm_add_ps(v.highHalf, v.lowHalf)
            r = _mm_add_ps(r, _mm_movehl_ps(r, r))
            r = _mm_add_ss(r, _mm_movehdup_ps(r))
            return _mm_cvtss_f32(r)
        }

        @inline(__always) static func lane(_ v: __m256, _ t: Int32) -> __m256 {
            _mm256_permutevar8x32_ps(v, _mm256_set1_epi32(t))
        }

        @inline(__always) static func scales8(_ dw: Float, _ d: UnsafePointer<Float>) -> __m256 {
            _mm256_mul_ps(_mm256_set1_ps(dw), _mm256_loadu_ps(d))
        }

        @inline(__always)
        static func sum8(
            _ c0: __m256, _ c1: __m256, _ c2: __m256, _ c3: __m256, _ c4: __m256, _ c5: __m256, _ c6: __m256,
            _ c7: __m256
        ) -> SIMD8<Float> {
            SIMD8(hsum(c0), hsum(c1), hsum(c2), hsum(c3), hsum(c4), hsum(c5), hsum(c6), hsum(c7))
        }

        /// Q5_0 weights as unsigned bytes q + 16 (`DotAVX2.q5_0Unsigned`).
        @inline(__always) static func q5_0Unsigned(_ p: UnsafeRawPointer) -> __m256i {
            let qh = p.loadUnaligned(fromByteOffset: 2, as: UInt32.self)
            let v = _mm256_set1_epi32(Int32(bitPattern: qh))
            let shuf = _mm256_setr_epi64x(0, 0x0101_0101_0101_0101, 0x0202_0202_0202_0202, 0x0303_0303_0303_0303)
            let bit = _mm256_set1_epi64x(Int64(bitPattern: 0x8040_2010_0804_0201))
            let set = _mm256_cmpeq_epi8(_mm256_and_si256(_mm256_shuffle_epi8(v, shuf), bit), bit)
            return _mm256_or_si256(nibbles(p + 6), _mm256_and_si256(set, _mm256_set1_epi8(0x10)))
        }

        /// Q4_1 weights × 8 packed tokens.
        /// - Parameters:
        ///   - w: One weight row of `blocks` Q4_1 blocks.
        ///   - qs: The group's packed quants.
        ///   - d: The group's packed scales.
        ///   - s: The group's packed Q8_1 sums.
        ///   - blocks: Blocks per row.
        public static func q4_1x8(
            _ w: UnsafeRawPointer, qs: UnsafeRawPointer, d: UnsafePointer<Float>, s: UnsafePointer<Float>,
            blocks nb: Int
        ) -> SIMD8<Float> {
            var c0 = _mm256_setzero_ps(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0
            var m = SIMD8<Float>()
            let zero = _mm256_setzero_si256()
            var x = qs, d = d, s = s
            for b in 0..<nb {
                let p = w + 20 * b
                let q = nibbles(p + 4)
                let sc = scales8(f16(p), d)
                @inline(__always) func one(_ t: Int32, _ c: __m256) -> __m256 {
                    _mm256_fmadd_ps(lane(sc, t), _mm256_cvtepi32_ps(dot(zero, q, load32(x + 32 * Int(t)))), c)
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

        /// Q8_0 weights × 8 packed tokens (sign trick).
        /// - Parameters:
        ///   - w: One weight row of `blocks` Q8_0 blocks.
        ///   - qs: The group's packed quants.
        ///   - d: The group's packed scales.
        ///   - blocks: Blocks per row.
        public static func q8_0x8(
            _ w: UnsafeRawPointer, qs: UnsafeRawPointer, d: UnsafePointer<Float>, blocks nb: Int
        ) -> SIMD8<Float> {
            var c0 = _mm256_setzero_ps(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0
            let zero = _mm256_setzero_si256()
            var x = qs, d = d
            for b in 0..<nb {
                let p = w + 34 * b
                let wq = load32(p + 2)
                let aw = _mm256_sign_epi8(wq, wq)
                let sc = scales8(f16(p), d)
                @inline(__always) func one(_ t: Int32, _ c: __m256) -> __m256 {
                    let v = dot(zero, aw, _mm256_sign_epi8(load32(x + 32 * Int(t)), wq))
                    return _mm256_fmadd_ps(lane(sc, t), _mm256_cvtepi32_ps(v), c)
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

        /// Q5_0 weights × 8 packed tokens: unsigned weights q + 16, the lanes' −16·Σa as the accumulator's start.
        /// - Parameters:
        ///   - w: One weight row of `blocks` Q5_0 blocks.
        ///   - qs: The group's packed quants.
        ///   - lanes: The group's packed −16·Σq lanes.
        ///   - d: The group's packed scales.
        ///   - blocks: Blocks per row.
        public static func q5_0x8(
            _ w: UnsafeRawPointer, qs: UnsafeRawPointer, lanes: UnsafeRawPointer, d: UnsafePointer<Float>,
            blocks nb: Int
        ) -> SIMD8<Float> {
            var c0 = _mm256_setzero_ps(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0
            var x = qs, l = lanes, d = d
            for b in 0..<nb {
                let p = w + 22 * b
                let q = q5_0Unsigned(p)
                let sc = scales8(f16(p), d)
                @inline(__always) func one(_ t: Int32, _ c: __m256) -> __m256 {
                    let v = dot(load32(l + 32 * Int(t)), q, load32(x + 32 * Int(t)))
                    return _mm256_fmadd_ps(lane(sc, t), _mm256_cvtepi32_ps(v), c)
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
            return sum8(c0, c1, c2, c3, c4, c5, c6, c7)
        }
    }
#endif
