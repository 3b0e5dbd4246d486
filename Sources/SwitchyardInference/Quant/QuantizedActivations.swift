#if arch(x86_64)
    import _Builtin_intrinsics.intel
#endif

/// Activations (one or more token vectors of `width` floats) quantized the way llama.cpp's CPU backend does
/// before an integer dot product with quantized weights (ggml-cpu `vec_dot_type`):
/// - 32-blocks (Q8_0 / Q8_1): per block `d = amax/127` (rounded to f16), `q = round(x·127/amax)` (ties to
///   even, as the AVX2 `quantize_row_q8_0/1` do), plus `s = f16(d·Σq)` (Q8_1) and the integer `Σq`.
/// - 256-blocks (Q8_K): `iscale = −127/max` (max = the signed value of largest magnitude),
///   `q = min(127, round(iscale·x))`, `d = 1/iscale` (f32), and 16-element sums (`quantize_row_q8_K_ref`).
final class QuantizedActivations {
    let width: Int
    private(set) var capacityTokens: Int
    private(set) var qs: UnsafeMutablePointer<Int8>
    /// Per 32-block (block32) or per 256-block (superblock) scale.
    private(set) var d: UnsafeMutablePointer<Float>
    /// Per 32-block f16(d·Σq) (Q8_1's `s`).
    private(set) var s: UnsafeMutablePointer<Float>
    /// Per 32-block Σq (block32) or per 16-group Σq (superblock).
    private(set) var sums: UnsafeMutablePointer<Int32>
    /// The 32-block quantization of whole groups of 8 tokens interleaved by block (`pack8`, `Act32x8`).
    private(set) var packedQs = UnsafeMutablePointer<Int8>.allocate(capacity: 1)
    private(set) var packedLanes = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    private(set) var packedD = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private(set) var packedS = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private var packedGroups = 0

    init(width: Int, tokens: Int = 1) {
        self.width = width
        self.capacityTokens = max(tokens, 1)
        qs = .allocate(capacity: width * capacityTokens + 64)
        d = .allocate(capacity: width / 16 * capacityTokens + 1)
        s = .allocate(capacity: width / 16 * capacityTokens + 1)
        sums = .allocate(capacity: width / 16 * capacityTokens + 1)
    }

    deinit {
        qs.deallocate()
        d.deallocate()
        s.deallocate()
        sums.deallocate()
        packedQs.deallocate()
        packedLanes.deallocate()
        packedD.deallocate()
        packedS.deallocate()
    }

    func reserve(tokens: Int) {
        guard tokens > capacityTokens else { return }
        qs.deallocate(); d.deallocate(); s.deallocate(); sums.deallocate()
        capacityTokens = tokens
        qs = .allocate(capacity: width * tokens + 64)
        d = .allocate(capacity: width / 16 * tokens + 1)
        s = .allocate(capacity: width / 16 * tokens + 1)
        sums = .allocate(capacity: width / 16 * tokens + 1)
    }

    /// Quantizes token `t`'s vector `x` (`width` floats) into 32-element Q8_0/Q8_1 blocks.
    func quantizeBlock32(_ x: UnsafePointer<Float>, token t: Int) {
        let nb = width / 32
        let q = qs + t * width
        let dd = d + t * nb, ss = s + t * nb, su = sums + t * nb
        for b in 0..<nb {
            let xb = UnsafeRawPointer(x + 32 * b)
            let v0 = xb.loadUnaligned(as: SIMD8<Float>.self)
            let v1 = xb.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
            let v2 = xb.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self)
            let v3 = xb.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self)
            let m = max8(max8(abs8(v0), abs8(v1)), max8(abs8(v2), abs8(v3))).maxLane()
            let dv = m / 127
            let id: Float = m != 0 ? 127 / m : 0
            let qb = q + 32 * b
            @inline(__always) func put(_ vk: SIMD8<Float>, _ off: Int) -> Int32 {
                let iv = roundToInt32(vk * id)
                UnsafeMutableRawPointer(qb + off).storeBytes(
                    of: SIMD8<Int8>(truncatingIfNeeded: iv), as: SIMD8<Int8>.self)
                return iv.wrappedSum()
            }
            let isum = put(v0, 0) &+ put(v1, 8) &+ put(v2, 16) &+ put(v3, 24)
            dd[b] = Half.round(dv)
            ss[b] = Half.round(dv * Float(isum))
            su[b] = isum
        }
    }

    /// Interleaves the 32-block quantization of tokens 0 ..< 8·groups (already quantized) by block, 8 tokens per
    /// group, with each block's 8-lane −16·Σq and its Q8_1 `s` (see `Act32x8`).
    func pack8(groups: Int) {
        let nb = width / 32
        if groups > packedGroups {
            packedQs.deallocate(); packedLanes.deallocate(); packedD.deallocate(); packedS.deallocate()
            packedQs = .allocate(capacity: 256 * nb * groups)
            packedLanes = .allocate(capacity: 64 * nb * groups)
            packedD = .allocate(capacity: 8 * nb * groups)
            packedS = .allocate(capacity: 8 * nb * groups)
            packedGroups = groups
        }
        for g in 0..<groups {
            for t in 0..<8 {
                let token = 8 * g + t
                let src = qs + token * width, ds = d + token * nb, sq = s + token * nb
                for b in 0..<nb {
                    let slot = (g * nb + b) * 8 + t
                    let dst = UnsafeMutableRawPointer(packedQs + 32 * slot)
                    dst.copyMemory(from: src + 32 * b, byteCount: 32)
                    packedD[slot] = ds[b]
                    packedS[slot] = sq[b]
                    let lanes = UnsafeMutableRawPointer(packedLanes + 8 * slot)
                    #if arch(x86_64)
                        let v = _mm256_loadu_si256(UnsafeRawPointer(dst).assumingMemoryBound(to: __m256i.self))
                        let l = _mm256_madd_epi16(_mm256_maddubs_epi16(_mm256_set1_epi8(16), v), _mm256_set1_epi16(-1))
                        _mm256_storeu_si256(lanes.assumingMemoryBound(to: __m256i.self), l)
                    #else
                        for l in 0..<8 {
                            var sum: Int32 = 0
                            for j in 0..<4 { sum -= 16 * Int32(src[32 * b + 4 * l + j]) }
                            lanes.storeBytes(of: sum, toByteOffset: 4 * l, as: Int32.self)
                        }
                    #endif
                }
            }
        }
    }

    /// Quantizes token `t`'s vector `x` into 256-element Q8_K blocks.
    func quantizeSuperblock(_ x: UnsafePointer<Float>, token t: Int) {
        let nb = width / 256
        let q = qs + t * width
        let dd = d + t * nb, su = sums + t * (width / 16)
        for b in 0..<nb {
            let xb = x + 256 * b
            var amax: Float = 0
            var mx: Float = 0
            for j in 0..<256 {
                let a = abs(xb[j])
                if a > amax { amax = a; mx = xb[j] }
            }
            let qb = q + 256 * b
            if amax == 0 {
                dd[b] = 0
                for j in 0..<256 { qb[j] = 0 }
                for g in 0..<16 { su[16 * b + g] = 0 }
                continue
            }
            let iscale = -127 / mx
            for j in 0..<256 {
                let v = (iscale * xb[j]).rounded(.toNearestOrEven)
                qb[j] = Int8(min(127, Int32(unsafe: v)))
            }
            for g in 0..<16 {
                var acc: Int32 = 0
                for j in 0..<16 { acc += Int32(qb[16 * g + j]) }
                su[16 * b + g] = acc
            }
            dd[b] = 1 / iscale
        }
    }
}

/// Lane-wise maximum (`vmaxps` on x86-64: the generic `pointwiseMax` was left as a call in the hot loop).
@inline(__always) private func max8(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
    #if arch(x86_64)
        return _mm256_max_ps(a, b)  // `__m256` is `SIMD8<Float>` in Swift's import of the intrinsics
    #else
        return pointwiseMax(a, b)
    #endif
}

extension SIMD8 where Scalar == Float {
    /// The largest lane (a tree of `max8`; the result does not depend on the order).
    @inline(__always) fileprivate func maxLane() -> Float {
        let h = max8(self, SIMD8(lowHalf: highHalf, highHalf: lowHalf))
        return Swift.max(Swift.max(h[0], h[1]), Swift.max(h[2], h[3]))
    }
}

@inline(__always) private func abs8(_ v: SIMD8<Float>) -> SIMD8<Float> {
    unsafeBitCast(unsafeBitCast(v, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: SIMD8<Float>.self)
}

/// Rounds to the nearest integer, ties to even (what `_mm256_cvtps_epi32` does under the default MXCSR).
@inline(__always) private func roundToInt32(_ v: SIMD8<Float>) -> SIMD8<Int32> {
    #if arch(x86_64)
        return unsafeBitCast(_mm256_cvtps_epi32(v), to: SIMD8<Int32>.self)
    #else
        let r = v.rounded(.toNearestOrEven)
        var out = SIMD8<Int32>()
        for i in 0..<8 { out[i] = Int32(unsafe: r[i]) }
        return out
    #endif
}

extension Int32 {
    /// Conversion of an already-integral, in-range float without the generic overflow checks.
    @inline(__always) init(unsafe f: Float) { self = Int32(f) }
}
