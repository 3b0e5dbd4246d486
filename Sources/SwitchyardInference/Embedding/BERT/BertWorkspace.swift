/// The activation buffers of one forward pass over `rows` packed token rows (a multiple of 6). Rows past
/// the last real token are zeroed so every value the GEMM reads stays finite.
struct BertWorkspace {
    let hidden: UnsafeMutablePointer<Float>
    let qkv: UnsafeMutablePointer<Float>
    let context: UnsafeMutablePointer<Float>
    let projected: UnsafeMutablePointer<Float>
    let intermediate: UnsafeMutablePointer<Float>

    init(rows: Int, configuration c: BertConfiguration) {
        let h = c.hiddenSize
        hidden = .allocate(capacity: rows * h)
        qkv = .allocate(capacity: rows * 3 * h)
        context = .allocate(capacity: rows * h)
        projected = .allocate(capacity: rows * h)
        intermediate = .allocate(capacity: rows * c.intermediateSize)
        hidden.initialize(repeating: 0, count: rows * h)
        context.initialize(repeating: 0, count: rows * h)
    }

    func release() {
        hidden.deallocate()
        qkv.deallocate()
        context.deallocate()
        projected.deallocate()
        intermediate.deallocate()
    }
}
