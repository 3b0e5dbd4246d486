import Foundation

/// Reproductions of the float arithmetic of ggml's CPU kernels that matter for greedy parity with
/// llama.cpp on small quantized models (where a last-bit difference can flip a Q8 rounding and, a few
/// layers later, a near-tied argmax). These follow the *algorithms and summation orders* of ggml
/// (`ggml-cpu/vec.h`, `vec.cpp`, `simd-mappings.h`), written independently in Swift SIMD:
/// - `expf8`: the vector exp used by ggml's softmax and SiLU on AVX2 (Arm optimized-routines
///   polynomial, ≤ 1.5 ulp), including its handling of large |x|;
/// - `dotF16Order`: `ggml_vec_dot_f16`'s 4×8-lane accumulators over 32-element steps and its reduction;
/// - `hsum8`: the 8-lane horizontal sum used per softmax chunk.
enum GGMLMath {
    @inline(__always)
    static func fma(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>) -> SIMD8<Float> {
        c.addingProduct(a, b)  // a·b + c, fused
    }

    /// ggml_v_expf (AVX2 path).
    @inline(__always)
    static func expf8(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let r = SIMD8<Float>(repeating: 0x1.8p23)
        let z = fma(x, SIMD8(repeating: 0x1.715476p+0), r)
        let n = z - r
        // fnmadd(a, b, c) = c − a·b
        let b0 = (x).addingProduct(-n, SIMD8(repeating: 0x1.62e4p-1))
        let b = b0.addingProduct(-n, SIMD8(repeating: 0x1.7f7d1cp-20))
        let e = SIMD8<UInt32>(truncatingIfNeeded: unsafeBitCast(z, to: SIMD8<UInt32>.self)) &<< 23
        let k = unsafeBitCast(e &+ SIMD8<UInt32>(repeating: Float(1).bitPattern), to: SIMD8<Float>.self)
        let absn = unsafeBitCast(unsafeBitCast(n, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: SIMD8<Float>.self)
        let c = absn .> SIMD8<Float>(repeating: 126)
        let u = b * b
        let p1 = fma(
            fma(SIMD8(repeating: 0x1.0e4020p-7), b, SIMD8(repeating: 0x1.573e2ep-5)), u,
            fma(SIMD8(repeating: 0x1.555e66p-3), b, SIMD8(repeating: 0x1.fffdb6p-2)))
        let j = fma(p1, u, SIMD8(repeating: 0x1.ffffecp-1) * b)
        let normal = fma(j, k, k)
        if !any(c) { return normal }
        let g = SIMD8<UInt32>(repeating: 0).replacing(with: 0x8200_0000, where: n .<= SIMD8<Float>(repeating: 0))
        let s1 = unsafeBitCast(g &+ 0x7F00_0000, to: SIMD8<Float>.self)
        let s2 = unsafeBitCast(e &- g, to: SIMD8<Float>.self)
        let d = absn .> SIMD8<Float>(repeating: 192)
        var out = normal
        out.replace(with: fma(s2, j, s2) * s1, where: c)
        out.replace(with: s1 * s1, where: d)
        return out
    }

    /// The 8-lane horizontal sum in ggml's order: (v0+v4 + v2+v6) + (v1+v5 + v3+v7).
    @inline(__always)
    static func hsum8(_ v: SIMD8<Float>) -> Float {
        let w = v.highHalf + v.lowHalf
        return (w[0] + w[2]) + (w[1] + w[3])
    }

    /// The final reduction of ggml's four 8-lane accumulators (`GGML_F32x8_REDUCE`).
    @inline(__always)
    static func reduce4(_ a0: SIMD8<Float>, _ a1: SIMD8<Float>, _ a2: SIMD8<Float>, _ a3: SIMD8<Float>) -> Float {
        let x0 = (a0 + a2) + (a1 + a3)
        let t0 = x0.lowHalf + x0.highHalf
        return (t0[0] + t0[1]) + (t0[2] + t0[3])
    }

    /// `ggml_vec_dot_f16` of two f16-valued f32 vectors (n a multiple of 32).
    @inline(__always)
    static func dotF16Order(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ n: Int) -> Float {
        var a0 = SIMD8<Float>(), a1 = a0, a2 = a0, a3 = a0
        let xr = UnsafeRawPointer(x), yr = UnsafeRawPointer(y)
        var i = 0
        @inline(__always) func ld(_ p: UnsafeRawPointer, _ k: Int) -> SIMD8<Float> {
            p.loadUnaligned(fromByteOffset: 4 * k, as: SIMD8<Float>.self)
        }
        while i + 32 <= n {
            a0 = fma(ld(xr, i), ld(yr, i), a0)
            a1 = fma(ld(xr, i + 8), ld(yr, i + 8), a1)
            a2 = fma(ld(xr, i + 16), ld(yr, i + 16), a2)
            a3 = fma(ld(xr, i + 24), ld(yr, i + 24), a3)
            i += 32
        }
        var s = Double(reduce4(a0, a1, a2, a3))
        while i < n {
            s += Double(x[i] * y[i])
            i += 1
        }
        return Float(s)
    }

    /// SiLU(x)·g as ggml's `ggml_vec_swiglu_f32` (vector exp for full 8-lane chunks, libm for the tail).
    static func swiglu(_ x: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ n: Int) {
        var i = 0
        let xr = UnsafeMutableRawPointer(x), gr = UnsafeRawPointer(g)
        while i + 8 <= n {
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
