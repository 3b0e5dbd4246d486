#if arch(x86_64)
    import _Builtin_intrinsics.intel
#endif

// The 8-lane helpers the embedder's kernels (GEMM, attention, LayerNorm) share. The engine is compiled with
// whole-module optimization (Package.swift's `engineSettings`), so these `@inline(__always)` helpers inline into
// the kernels of other files as they would in their own: the kernels compile to the same instructions as when each
// file had its own copy.

/// `a·b + c` in one rounding (AVX2 FMA on x86-64).
@inline(__always) func fma(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>) -> SIMD8<Float> {
    #if arch(x86_64)
        return _mm256_fmadd_ps(a, b, c)
    #else
        return c.addingProduct(a, b)
    #endif
}

/// Eight floats from `p` (no alignment needed).
@inline(__always) func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

/// Eight floats from `p` (no alignment needed).
@inline(__always) func load(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

/// Writes the eight lanes of `v` to `p` (no alignment needed).
@inline(__always) func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}

/// The sum of the eight lanes: halves added, then the four lanes left to right.
@inline(__always) func horizontalSum(_ v: SIMD8<Float>) -> Float {
    let s = v.lowHalf + v.highHalf
    return s[0] + s[1] + s[2] + s[3]
}

/// `min(max(x, lo), hi)` lane-wise without the generic stdlib path (which debug builds leave as calls).
@inline(__always) func clamp(_ x: SIMD8<Float>, _ lo: Float, _ hi: Float) -> SIMD8<Float> {
    #if arch(x86_64)
        return _mm256_min_ps(_mm256_max_ps(x, SIMD8(repeating: lo)), SIMD8(repeating: hi))
    #else
        return x.clamped(lowerBound: SIMD8(repeating: lo), upperBound: SIMD8(repeating: hi))
    #endif
}
