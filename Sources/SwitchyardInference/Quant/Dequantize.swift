import SwitchyardCore

/// Reference dequantization of ggml tensor rows to f32 (layouts: ggml `ggml-common.h`, formulas:
/// `ggml-quants.c` `dequantize_row_*`). Used for embedding lookups and to check the fast dot kernels.
public enum Dequantize {
    /// Dequantizes `count` elements (a multiple of the type's block size) starting at `src` into `dst`.
    ///
    /// - Parameters:
    ///   - type: The quantization type.
    ///   - src: The first block.
    ///   - dst: Room for `count` floats.
    ///   - count: Elements to dequantize.
    /// - Throws: `SwitchyardError` for a type without a dequantizer.
    public static func row(
        _ type: GGMLType, _ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, count: Int
    ) throws {
        let nb = count / type.blockSize
        switch type {
        case .f32:
            for i in 0..<count { dst[i] = src.loadUnaligned(fromByteOffset: 4 * i, as: Float.self) }
        case .f16:
            for i in 0..<count { dst[i] = Half.load(src, 2 * i) }
        case .bf16:
            for i in 0..<count { dst[i] = Half.bf16ToFloat(src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) }
        case .q8_0:
            for b in 0..<nb {
                let p = src + b * 34
                let d = Half.load(p)
                let q = (p + 2).assumingMemoryBound(to: Int8.self)
                for j in 0..<32 { dst[32 * b + j] = Float(q[j]) * d }
            }
        case .q4_0:
            for b in 0..<nb {
                let p = src + b * 18
                let d = Half.load(p)
                let q = (p + 2).assumingMemoryBound(to: UInt8.self)
                for j in 0..<16 {
                    dst[32 * b + j] = Float(Int(q[j] & 0xF) - 8) * d
                    dst[32 * b + j + 16] = Float(Int(q[j] >> 4) - 8) * d
                }
            }
        case .q4_1:
            for b in 0..<nb {
                let p = src + b * 20
                let d = Half.load(p)
                let m = Half.load(p, 2)
                let q = (p + 4).assumingMemoryBound(to: UInt8.self)
                for j in 0..<16 {
                    dst[32 * b + j] = Float(q[j] & 0xF) * d + m
                    dst[32 * b + j + 16] = Float(q[j] >> 4) * d + m
                }
            }
        case .q5_0:
            for b in 0..<nb {
                let p = src + b * 22
                let d = Half.load(p)
                let qh = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
                let q = (p + 6).assumingMemoryBound(to: UInt8.self)
                for j in 0..<16 {
                    let h0 = UInt8(truncatingIfNeeded: ((qh >> UInt32(j)) << 4) & 0x10)
                    let h1 = UInt8(truncatingIfNeeded: (qh >> UInt32(j + 12)) & 0x10)
                    dst[32 * b + j] = Float(Int((q[j] & 0xF) | h0) - 16) * d
                    dst[32 * b + j + 16] = Float(Int((q[j] >> 4) | h1) - 16) * d
                }
            }
        case .q4_K, .q5_K:
            let isQ5 = type == .q5_K
            for b in 0..<nb {
                let p = src + b * type.typeSize
                let d = Half.load(p)
                let dmin = Half.load(p, 2)
                let (sc, mn) = unpackKScales(p + 4)
                let qh = (p + 16).assumingMemoryBound(to: UInt8.self)
                let qs = (p + (isQ5 ? 48 : 16)).assumingMemoryBound(to: UInt8.self)
                let out = dst + 256 * b
                for c in 0..<4 {
                    let d1 = d * Float(sc[2 * c]), m1 = dmin * Float(mn[2 * c])
                    let d2 = d * Float(sc[2 * c + 1]), m2 = dmin * Float(mn[2 * c + 1])
                    let u1 = UInt8(1) << (2 * c), u2 = UInt8(2) << (2 * c)
                    for l in 0..<32 {
                        var lo = Int(qs[32 * c + l] & 0xF)
                        var hi = Int(qs[32 * c + l] >> 4)
                        if isQ5 {
                            if qh[l] & u1 != 0 { lo += 16 }
                            if qh[l] & u2 != 0 { hi += 16 }
                        }
                        out[64 * c + l] = d1 * Float(lo) - m1
                        out[64 * c + 32 + l] = d2 * Float(hi) - m2
                    }
                }
            }
        case .q6_K:
            for b in 0..<nb {
                let p = src + b * 210
                let d = Half.load(p, 208)
                let out = dst + 256 * b
                for h in 0..<2 {
                    let ql = (p + 64 * h).assumingMemoryBound(to: UInt8.self)
                    let qh = (p + 128 + 32 * h).assumingMemoryBound(to: UInt8.self)
                    let sc = (p + 192 + 8 * h).assumingMemoryBound(to: Int8.self)
                    let o = out + 128 * h
                    for l in 0..<32 {
                        let isc = l / 16
                        let q1 = Int((ql[l] & 0xF) | ((qh[l] & 3) << 4)) - 32
                        let q2 = Int((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32
                        let q3 = Int((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32
                        let q4 = Int((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32
                        o[l] = d * Float(sc[isc]) * Float(q1)
                        o[l + 32] = d * Float(sc[isc + 2]) * Float(q2)
                        o[l + 64] = d * Float(sc[isc + 4]) * Float(q3)
                        o[l + 96] = d * Float(sc[isc + 6]) * Float(q4)
                    }
                }
            }
        default:
            throw SwitchyardError(
                code: .unsupportedTensorType,
                message:
                    "tensor type \(type) cannot be dequantized; supported: F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q4_K, Q5_K, Q6_K."
            )
        }
    }

    /// Dequantizes a whole tensor of `file` into a new array (tests and small tensors such as norms).
    ///
    /// - Parameters:
    ///   - info: The tensor.
    ///   - file: The file it is in.
    /// - Throws: `SwitchyardError` for a type without a dequantizer.
    public static func tensor(_ info: GGUFTensorInfo, in file: GGUFFile) throws -> [Float] {
        try [Float](unsafeUninitializedCapacity: info.elementCount) { buf, n in
            try row(info.type, file.data(of: info), buf.baseAddress!, count: info.elementCount)
            n = info.elementCount
        }
    }
}
