/// The vector kernels of the index: inner products over contiguous `Float` storage with SIMD.
///
/// The target is compiled with AVX2 + FMA on x86-64 (Package.swift), so `SIMD16<Float>` becomes two 256-bit
/// registers and `addingProduct` one fused multiply-add per register.
public enum VectorMath {
    /// The inner product of two `count`-long vectors.
    ///
    /// - Parameters:
    ///   - a: The first vector.
    ///   - b: The second vector.
    ///   - count: Their length.
    @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        let ra = UnsafeRawPointer(a)
        let rb = UnsafeRawPointer(b)
        var acc0 = SIMD16<Float>()
        var acc1 = SIMD16<Float>()
        var i = 0
        while i + 32 <= count {
            let offset = i &* 4
            acc0 = acc0.addingProduct(
                ra.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self),
                rb.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self))
            acc1 = acc1.addingProduct(
                ra.loadUnaligned(fromByteOffset: offset &+ 64, as: SIMD16<Float>.self),
                rb.loadUnaligned(fromByteOffset: offset &+ 64, as: SIMD16<Float>.self))
            i &+= 32
        }
        while i + 16 <= count {
            acc0 = acc0.addingProduct(
                ra.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self),
                rb.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self))
            i &+= 16
        }
        var sum = (acc0 + acc1).sum()
        while i < count {
            sum += a[i] * b[i]
            i &+= 1
        }
        return sum
    }

    /// The distance the index orders by: `1 − a·b`, the cosine distance of unit vectors (hnswlib's `ip` space).
    ///
    /// - Parameters:
    ///   - a: The first vector (unit length).
    ///   - b: The second vector (unit length).
    ///   - count: Their length.
    @inline(__always)
    public static func distance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        1 - dot(a, b, count)
    }

    /// `v` scaled to unit length (unchanged when it is all zeros).
    ///
    /// - Parameter v: The vector.
    public static func normalized(_ v: [Float]) -> [Float] {
        var norm: Float = 0
        for x in v { norm += x * x }
        guard norm > 0 else { return v }
        let scale = 1 / norm.squareRoot()
        return v.map { $0 * scale }
    }
}
