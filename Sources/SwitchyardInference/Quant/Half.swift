/// IEEE half and bfloat16 conversions done with integer bit operations, so they work on every platform
/// (Swift's `Float16` is unavailable on Intel macOS).
enum Half {
    /// The f32 value of IEEE binary16 bits `h`.
    @inline(__always)
    static func toFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exp = UInt32(h >> 10) & 0x1F
        let mant = UInt32(h & 0x3FF)
        if exp == 0 {
            if mant == 0 { return Float(bitPattern: sign) }
            let v = Float(mant) * (1.0 / 16_777_216.0)  // 2^-24
            return sign != 0 ? -v : v
        }
        if exp == 31 { return Float(bitPattern: sign | 0x7F80_0000 | (mant << 13)) }
        return Float(bitPattern: sign | ((exp + 112) << 23) | (mant << 13))
    }

    /// The binary16 bits nearest to `f` (round to nearest, ties to even; overflow to infinity).
    @inline(__always)
    static func fromFloat(_ f: Float) -> UInt16 {
        let x = f.bitPattern
        let sign = UInt16((x >> 16) & 0x8000)
        let exp = Int((x >> 23) & 0xFF)
        var mant = x & 0x7F_FFFF
        if exp == 0xFF { return sign | 0x7C00 | (mant != 0 ? 0x200 : 0) }
        let e = exp - 127 + 15
        if e >= 31 { return sign | 0x7C00 }
        if e <= 0 {
            if e < -10 { return sign }
            mant |= 0x80_0000
            let shift = UInt32(14 - e)
            var h = mant >> shift
            let rem = mant & ((1 << shift) - 1)
            let half = UInt32(1) << (shift - 1)
            if rem > half || (rem == half && (h & 1) == 1) { h += 1 }
            return sign | UInt16(h)
        }
        var h = (UInt32(e) << 10) | (mant >> 13)
        let rem = mant & 0x1FFF
        if rem > 0x1000 || (rem == 0x1000 && (h & 1) == 1) { h += 1 }
        return sign | UInt16(truncatingIfNeeded: h)
    }

    /// The binary16 bits nearest to `f`, as `fromFloat`, by the hardware where Swift has `Float16`.
    @inline(__always)
    static func bits(_ f: Float) -> UInt16 {
        #if os(macOS) && arch(x86_64)
            return fromFloat(f)
        #else
            return Float16(f).bitPattern
        #endif
    }

    /// `f` rounded to the nearest binary16 value, back in f32 (how llama.cpp's F16 KV cache and f16 block
    /// scales round). Where Swift has `Float16` (not on Intel macOS) the conversion is the hardware's (F16C
    /// `vcvtps2ph`/`vcvtph2ps` on x86-64, same rounding: nearest, ties to even, overflow to infinity).
    @inline(__always)
    static func round(_ f: Float) -> Float {
        #if os(macOS) && arch(x86_64)
            return toFloat(fromFloat(f))
        #else
            return Float(Float16(f))
        #endif
    }

    /// The f32 value of bfloat16 bits.
    @inline(__always)
    static func bf16ToFloat(_ h: UInt16) -> Float { Float(bitPattern: UInt32(h) << 16) }

    /// Loads an unaligned little-endian f16 at `p + offset` as f32.
    @inline(__always)
    static func load(_ p: UnsafeRawPointer, _ offset: Int = 0) -> Float {
        toFloat(UInt16(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
    }
}
