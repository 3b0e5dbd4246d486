/// Where one tensor lives in a GGUF file, and its shape and element type (validated when the file is opened).
public struct GGUFTensorInfo: Sendable, Equatable {
    /// The tensor name (`blk.0.attn_q.weight`).
    public let name: String
    /// Dimensions, innermost (contiguous) first: an `[out, in]` linear weight is `[in, out]`.
    public let shape: [Int]
    /// Element type.
    public let type: GGMLType
    /// Byte offset of the data from the start of the file (already includes the data-section start).
    public let fileOffset: Int
    /// Size of the data in bytes.
    public let byteCount: Int

    /// Total number of elements.
    public var elementCount: Int { shape.reduce(1, *) }
    /// Elements per row (`shape[0]`).
    public var rowLength: Int { shape[0] }
    /// Number of rows (product of the outer dimensions).
    public var rowCount: Int { shape.dropFirst().reduce(1, *) }
}
