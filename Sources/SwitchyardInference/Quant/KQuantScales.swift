/// Unpacks the 12-byte packed 6-bit scales and mins of a Q4_K/Q5_K super-block into 8 scales and 8 mins
/// (ggml `get_scale_min_k4`, ggml-quants.c).
@inline(__always)
func unpackKScales(_ s: UnsafeRawPointer) -> (sc: SIMD8<Int32>, mn: SIMD8<Int32>) {
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
