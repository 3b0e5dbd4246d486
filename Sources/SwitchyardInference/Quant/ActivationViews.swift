/// One token's Q8_0/Q8_1 activation blocks (see `QuantizedActivations`).
struct Act32 {
    let qs: UnsafePointer<Int8>
    let d: UnsafePointer<Float>
    let s: UnsafePointer<Float>
    let sums: UnsafePointer<Int32>
    /// Per block, 8 lanes of 16·Σq over 4 consecutive bytes (see `QuantizedActivations.lane16`).
    let lane16: UnsafePointer<Int32>
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
        return Act32(
            qs: qs + t * width, d: d + t * nb, s: s + t * nb, sums: sums + t * nb, lane16: lane16 + t * (width / 4))
    }

    func superblock(token t: Int) -> ActK {
        ActK(qs: qs + t * width, d: d + t * (width / 256), bsums: sums + t * (width / 16))
    }
}
