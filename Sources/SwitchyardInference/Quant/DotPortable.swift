/// Portable integer dot products of one quantized weight row with quantized activations (formulas: ggml
/// `ggml-cpu/quants.c` `ggml_vec_dot_*_generic`). Used on non-x86 targets and to check the AVX2 kernels.
enum DotPortable {
    @inline(__always)
    static func blockSum(_ w: (Int) -> Int32, _ x: UnsafePointer<Int8>) -> Int32 {
        var acc: Int32 = 0
        for j in 0..<32 { acc &+= w(j) &* Int32(x[j]) }
        return acc
    }

    static func q8_0(_ w: UnsafeRawPointer, _ a: Act32, blocks nb: Int) -> Float {
        var acc: Float = 0
        for b in 0..<nb {
            let p = w + 34 * b
            let q = (p + 2).assumingMemoryBound(to: Int8.self)
            let x = a.qs + 32 * b
            acc += Half.load(p) * a.d[b] * Float(blockSum({ Int32(q[$0]) }, x))
        }
        return acc
    }

    static func q4_0(_ w: UnsafeRawPointer, _ a: Act32, blocks nb: Int) -> Float {
        var acc: Float = 0
        for b in 0..<nb {
            let p = w + 18 * b
            let q = (p + 2).assumingMemoryBound(to: UInt8.self)
            let x = a.qs + 32 * b
            let s = blockSum({ Int32($0 < 16 ? q[$0] & 0xF : q[$0 - 16] >> 4) - 8 }, x)
            acc += Half.load(p) * a.d[b] * Float(s)
        }
        return acc
    }

    static func q4_1(_ w: UnsafeRawPointer, _ a: Act32, blocks nb: Int) -> Float {
        var acc: Float = 0
        var summ: Float = 0
        for b in 0..<nb {
            let p = w + 20 * b
            let q = (p + 4).assumingMemoryBound(to: UInt8.self)
            let x = a.qs + 32 * b
            let s = blockSum({ Int32($0 < 16 ? q[$0] & 0xF : q[$0 - 16] >> 4) }, x)
            acc += Half.load(p) * a.d[b] * Float(s)
            summ = summ.addingProduct(Half.load(p, 2), a.s[b])
        }
        return acc + summ
    }

    static func q5_0(_ w: UnsafeRawPointer, _ a: Act32, blocks nb: Int) -> Float {
        var acc: Float = 0
        for b in 0..<nb {
            let p = w + 22 * b
            let qh = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
            let q = (p + 6).assumingMemoryBound(to: UInt8.self)
            let x = a.qs + 32 * b
            let s = blockSum(
                { j in
                    let nib = j < 16 ? q[j] & 0xF : q[j - 16] >> 4
                    return Int32(nib) | Int32((qh >> UInt32(j)) & 1) << 4 - 16
                }, x)
            acc += Half.load(p) * a.d[b] * Float(s)
        }
        return acc
    }

    static func q4_K(_ w: UnsafeRawPointer, _ a: ActK, blocks nb: Int) -> Float {
        var acc: Float = 0
        for b in 0..<nb {
            let p = w + 144 * b
            let (sc, mn) = unpackKScales(p + 4)
            let qs = (p + 16).assumingMemoryBound(to: UInt8.self)
            let x = a.qs + 256 * b
            var sumi: Int32 = 0
            for c in 0..<4 {
                var lo: Int32 = 0, hi: Int32 = 0
                for l in 0..<32 {
                    lo &+= Int32(qs[32 * c + l] & 0xF) * Int32(x[64 * c + l])
                    hi &+= Int32(qs[32 * c + l] >> 4) * Int32(x[64 * c + 32 + l])
                }
                sumi &+= lo * sc[2 * c] + hi * sc[2 * c + 1]
            }
            var summ: Int32 = 0
            for j in 0..<8 { summ &+= mn[j] * (a.bsums[16 * b + 2 * j] + a.bsums[16 * b + 2 * j + 1]) }
            acc += Half.load(p) * a.d[b] * Float(sumi) - Half.load(p, 2) * a.d[b] * Float(summ)
        }
        return acc
    }

    static func q5_K(_ w: UnsafeRawPointer, _ a: ActK, blocks nb: Int) -> Float {
        var acc: Float = 0
        for b in 0..<nb {
            let p = w + 176 * b
            let (sc, mn) = unpackKScales(p + 4)
            let qh = (p + 16).assumingMemoryBound(to: UInt8.self)
            let qs = (p + 48).assumingMemoryBound(to: UInt8.self)
            let x = a.qs + 256 * b
            var sumi: Int32 = 0
            for c in 0..<4 {
                var lo: Int32 = 0, hi: Int32 = 0
                let u1 = UInt8(1) << (2 * c), u2 = UInt8(2) << (2 * c)
                for l in 0..<32 {
                    let l4 = Int32(qs[32 * c + l] & 0xF) + (qh[l] & u1 != 0 ? 16 : 0)
                    let h4 = Int32(qs[32 * c + l] >> 4) + (qh[l] & u2 != 0 ? 16 : 0)
                    lo &+= l4 * Int32(x[64 * c + l])
                    hi &+= h4 * Int32(x[64 * c + 32 + l])
                }
                sumi &+= lo * sc[2 * c] + hi * sc[2 * c + 1]
            }
            var summ: Int32 = 0
            for j in 0..<8 { summ &+= mn[j] * (a.bsums[16 * b + 2 * j] + a.bsums[16 * b + 2 * j + 1]) }
            acc += Half.load(p) * a.d[b] * Float(sumi) - Half.load(p, 2) * a.d[b] * Float(summ)
        }
        return acc
    }

    static func q6_K(_ w: UnsafeRawPointer, _ a: ActK, blocks nb: Int) -> Float {
        var acc: Float = 0
        for b in 0..<nb {
            let p = w + 210 * b
            let x = a.qs + 256 * b
            var sumi: Int32 = 0
            for h in 0..<2 {
                let ql = (p + 64 * h).assumingMemoryBound(to: UInt8.self)
                let qh = (p + 128 + 32 * h).assumingMemoryBound(to: UInt8.self)
                let sc = (p + 192 + 8 * h).assumingMemoryBound(to: Int8.self)
                let xo = x + 128 * h
                var g = SIMD8<Int32>()
                for l in 0..<32 {
                    let si = l / 16
                    let q1 = Int32((ql[l] & 0xF) | ((qh[l] & 3) << 4)) - 32
                    let q2 = Int32((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32
                    let q3 = Int32((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32
                    let q4 = Int32((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32
                    g[si] &+= q1 * Int32(xo[l])
                    g[si + 2] &+= q2 * Int32(xo[l + 32])
                    g[si + 4] &+= q3 * Int32(xo[l + 64])
                    g[si + 6] &+= q4 * Int32(xo[l + 96])
                }
                for k in 0..<8 { sumi &+= Int32(sc[k]) * g[k] }
            }
            acc += Half.load(p, 208) * a.d[b] * Float(sumi)
        }
        return acc
    }

    /// f32 dot of a float-typed weight row (F32/F16/BF16) with f32 activations.
    static func float(_ type: GGMLType, _ w: UnsafeRawPointer, _ x: UnsafePointer<Float>, count n: Int) -> Float {
        var acc: Float = 0
        switch type {
        case .f32: for i in 0..<n { acc += w.loadUnaligned(fromByteOffset: 4 * i, as: Float.self) * x[i] }
        case .f16: for i in 0..<n { acc += Half.load(w, 2 * i) * x[i] }
        default:
            for i in 0..<n { acc += Half.bf16ToFloat(w.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) * x[i] }
        }
        return acc
    }
}
