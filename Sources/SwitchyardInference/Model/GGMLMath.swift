import Foundation

/// Reproductions of the float arithmetic of ggml's CPU kernels that matter for greedy parity with
/// llama.cpp on small quantized models (where a last-bit difference can flip a Q8 rounding and, a few
/// layers later, a near-tied argmax). These follow the *algorithms and summation orders* of ggml
/// (`ggml-cpu/vec.h`, `vec.cpp`, `simd-mappings.h`), written independently in Swift SIMD:
/// - `expf8`: the vector exp used by ggml's softmax and SiLU in an AVX-512 build (the reference machine
///   has AVX-512 and llama.cpp is built with `GGML_NATIVE`), including its handling of large |x|;
/// - `dotF16Order`: `ggml_vec_dot_f16`'s 4×16-lane accumulators over 64-element steps and its reduction
///   (single-token attention);
/// - `dotTinyBLASOrder`: llamafile tinyBLAS's F16 GEMM (attention with ≥ 2 tokens in the batch);
/// - `reduce16`: `_mm512_reduce_add_ps`, used per 16-element softmax chunk and by both of the above.
enum GGMLMath {
    @inline(__always)
    static func fma(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>) -> SIMD8<Float> {
        c.addingProduct(a, b)  // a·b + c, fused
    }

    /// ggml_v_expf, AVX-512 path (`ggml-cpu/vec.h`; the reference llama.cpp is built with `GGML_NATIVE` on an
    /// AVX-512 machine): `j = 1 + c1·b + …` by FMAs, then `scalef(j, n)` = j·2ⁿ rounded once; |n| > 192 gives
    /// 0 (n ≤ 0) or +∞. Lane-wise, so the vector width does not matter.
    @inline(__always)
    static func expf8(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let r = SIMD8<Float>(repeating: 0x1.8p23)
        let z = fma(x, SIMD8(repeating: 0x1.715476p+0), r)
        let n = z - r
        // fnmadd(a, b, c) = c − a·b
        let b0 = (x).addingProduct(-n, SIMD8(repeating: 0x1.62e4p-1))
        let b = b0.addingProduct(-n, SIMD8(repeating: 0x1.7f7d1cp-20))
        let u = b * b
        let j = fma(
            fma(
                fma(SIMD8(repeating: 0x1.0e4020p-7), b, SIMD8(repeating: 0x1.573e2ep-5)), u,
                fma(SIMD8(repeating: 0x1.555e66p-3), b, SIMD8(repeating: 0x1.fffdb6p-2))),
            u, fma(SIMD8(repeating: 0x1.ffffecp-1), b, SIMD8(repeating: 1)))
        let absn = unsafeBitCast(unsafeBitCast(n, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: SIMD8<Float>.self)
        if !any(absn .> SIMD8<Float>(repeating: 126)) {
            // 2ⁿ is a normal float: one rounding of j·2ⁿ, exactly what scalef does. n sits in the low mantissa
            // bits of z (z = x·log2(e) + 1.5·2²³), so 2ⁿ = bits(z) << 23 + bits(1) (as the AVX2 variant builds it).
            let e = unsafeBitCast(z, to: SIMD8<UInt32>.self) &<< 23
            return j * unsafeBitCast(e &+ Float(1).bitPattern, to: SIMD8<Float>.self)
        }
        var out = SIMD8<Float>()
        for i in 0..<8 { out[i] = scalef(j[i], n[i]) }
        return out
    }

    /// `_mm512_scalef_ps` for one lane of `ggml_v_expf` (|n| ≤ 192 or the ±∞/0 blend above it).
    @inline(__always)
    static func scalef(_ j: Float, _ n: Float) -> Float {
        if !(abs(n) <= 192) { return n > 0 ? .infinity : 0 }
        let k = Int32(n)
        @inline(__always) func pow2(_ e: Int32) -> Float { Float(bitPattern: UInt32(e + 127) << 23) }
        if k > 126 { return (j * pow2(127)) * pow2(k - 127) }
        if k < -126 { return (j * pow2(k + 100)) * pow2(-100) }
        return j * pow2(k)
    }

    /// `_mm512_reduce_add_ps` as GCC implements it: (v[0..8] + v[8..16]), then halves again, then
    /// (w0+w2) + (w1+w3).
    @inline(__always)
    static func reduce16(_ v: SIMD16<Float>) -> Float {
        let w = v.highHalf + v.lowHalf
        let w4 = w.highHalf + w.lowHalf
        return (w4[0] + w4[2]) + (w4[1] + w4[3])
    }

    /// The 8-lane horizontal sum in ggml's order (`hsum_float_8`): (v0+v4 + v2+v6) + (v1+v5 + v3+v7).
    @inline(__always)
    static func hsum8(_ v: SIMD8<Float>) -> Float {
        let w = v.highHalf + v.lowHalf
        return (w[0] + w[2]) + (w[1] + w[3])
    }

    /// The final reduction of ggml's four 16-lane accumulators (`GGML_F32Cx16_REDUCE`, AVX-512).
    @inline(__always)
    static func reduce4x16(
        _ a0: SIMD16<Float>, _ a1: SIMD16<Float>, _ a2: SIMD16<Float>, _ a3: SIMD16<Float>
    ) -> Float {
        reduce16((a0 + a2) + (a1 + a3))
    }

    /// `reduce16` of 16 rows of `n` floats (row k = lane k), element-wise along the rows, into `out`.
    /// Overwrites the rows.
    @inline(__always)
    static func reduceRows16(_ rows: UnsafeMutablePointer<Float>, _ n: Int, into out: UnsafeMutablePointer<Float>) {
        @inline(__always) func add(_ dst: Int, _ src: Int) {
            Ops.addRows(rows + dst * n, rows + src * n, n)
        }
        for k in 0..<8 { add(k, k + 8) }  // w = lo + hi
        for k in 0..<4 { add(k, k + 4) }  // w4
        add(0, 2)
        add(1, 3)
        for d in 0..<n { out[d] = rows[d] + rows[n + d] }
    }

    /// `GGML_F32Cx16_REDUCE`'s first steps for 64 lane rows (four 16-lane accumulators a0…a3 = rows 0–15,
    /// 16–31, 32–47, 48–63): (a0 + a2) + (a1 + a3) into rows 0–15, element-wise along the rows.
    @inline(__always)
    static func reduceRows4x16(_ rows: UnsafeMutablePointer<Float>, _ n: Int) {
        for k in 0..<16 {
            Ops.addRows(rows + k * n, rows + (32 + k) * n, n)
            Ops.addRows(rows + (16 + k) * n, rows + (48 + k) * n, n)
            Ops.addRows(rows + k * n, rows + (16 + k) * n, n)
        }
    }

    /// `ggml_vec_dot_f16` (AVX-512 build: four 16-lane accumulators over 64-element steps, then
    /// `GGML_F32Cx16_REDUCE`; leftovers in double) of two f16-valued f32 vectors.
    @inline(__always)
    static func dotF16Order(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ n: Int) -> Float {
        var a0 = SIMD16<Float>(), a1 = a0, a2 = a0, a3 = a0
        let xr = UnsafeRawPointer(x), yr = UnsafeRawPointer(y)
        var i = 0
        @inline(__always) func ld(_ p: UnsafeRawPointer, _ k: Int) -> SIMD16<Float> {
            p.loadUnaligned(fromByteOffset: 4 * k, as: SIMD16<Float>.self)
        }
        while i + 64 <= n {
            a0 = a0.addingProduct(ld(xr, i), ld(yr, i))
            a1 = a1.addingProduct(ld(xr, i + 16), ld(yr, i + 16))
            a2 = a2.addingProduct(ld(xr, i + 32), ld(yr, i + 32))
            a3 = a3.addingProduct(ld(xr, i + 48), ld(yr, i + 48))
            i += 64
        }
        var s = Double(reduce4x16(a0, a1, a2, a3))
        while i < n {
            s += Double(x[i] * y[i])
            i += 1
        }
        return Float(s)
    }

    /// One output of llamafile's tinyBLAS F16 GEMM (`sgemm.cpp` `tinyBLAS<16, __m512, …>::gemm_bloc`, AVX-512
    /// build; llama.cpp uses it for F16 `mul_mat` with ≥ 2 tokens): a single 16-lane accumulator, one FMA per
    /// 16 elements, then `_mm512_reduce_add_ps` (n a multiple of 16).
    @inline(__always)
    static func dotTinyBLASOrder(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ n: Int) -> Float {
        var a = SIMD16<Float>()
        let xr = UnsafeRawPointer(x), yr = UnsafeRawPointer(y)
        var i = 0
        while i + 16 <= n {
            a = a.addingProduct(
                xr.loadUnaligned(fromByteOffset: 4 * i, as: SIMD16<Float>.self),
                yr.loadUnaligned(fromByteOffset: 4 * i, as: SIMD16<Float>.self))
            i += 16
        }
        return reduce16(a)
    }

    /// SiLU(x)·g as ggml's `ggml_vec_swiglu_f32` (AVX-512: vector exp for full 16-lane chunks, libm for the
    /// tail; the exp is lane-wise, so 8-lane chunks give the same values).
    static func swiglu(_ x: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ n: Int) {
        var i = 0
        let xr = UnsafeMutableRawPointer(x), gr = UnsafeRawPointer(g)
        let vecEnd = n & ~15
        while i + 8 <= vecEnd {
            let v = xr.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            let s = v / (SIMD8<Float>(repeating: 1) + expf8(SIMD8<Float>() - v))
            xr.storeBytes(
                of: s * gr.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self), toByteOffset: 4 * i,
                as: SIMD8<Float>.self)
            i += 8
        }
        while i < n {
            x[i] = x[i] / (1 + Foundation.expf(-x[i])) * g[i]
            i += 1
        }
    }
}
