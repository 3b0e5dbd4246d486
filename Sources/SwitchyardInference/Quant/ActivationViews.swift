/// One token's Q8_0/Q8_1 activation blocks (see `QuantizedActivations`).
struct Act32 {
    let qs: UnsafePointer<Int8>
    let d: UnsafePointer<Float>
    let s: UnsafePointer<Float>
    let sums: UnsafePointer<Int32>
}

/// Eight tokens' Q8_0 activation blocks interleaved block by block, for the 8-token Q5_0 kernel
/// (`DotAVX2.q5_0x8`): per block b and token t, the 32 quants at `qs + 256·b + 32·t`, the 8 lanes of −16·Σq over
/// bytes 4L…4L+3 at `lanes + 64·b + 8·t`, the scale at `d[8·b + t]` and the Q8_1 `s` at `s[8·b + t]`.
struct Act32x8 {
    let qs: UnsafePointer<Int8>
    let lanes: UnsafePointer<Int32>
    let d: UnsafePointer<Float>
    let s: UnsafePointer<Float>
}

/// One token's Q8_K activation super-blocks.
struct ActK {
    let qs: UnsafePointer<Int8>
    let d: UnsafePointer<Float>
    let bsums: UnsafePointer<Int32>
}

extension QuantizedActivations {
    func block32(token t: Int) -> Act32 {
        let nb = width / 32
        return Act32(qs: qs + t * width, d: d + t * nb, s: s + t * nb, sums: sums + t * nb)
    }

    /// Tokens 8g…8g+7 as packed by `pack8`.
    func packed8(group g: Int) -> Act32x8 {
        let nb = width / 32
        return Act32x8(
            qs: packedQs + 256 * nb * g, lanes: packedLanes + 64 * nb * g, d: packedD + 8 * nb * g,
            s: packedS + 8 * nb * g)
    }

    func superblock(token t: Int) -> ActK {
        ActK(qs: qs + t * width, d: d + t * (width / 256), bsums: sums + t * (width / 16))
    }
}
