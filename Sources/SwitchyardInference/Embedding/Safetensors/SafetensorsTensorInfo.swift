/// Where one tensor of a safetensors file lives and what it holds, as validated from the header.
public struct SafetensorsTensorInfo: Hashable, Sendable {
    /// The tensor's name (`encoder.layer.0.attention.self.query.weight`).
    public let name: String
    /// The element type.
    public let dtype: SafetensorsDType
    /// Dimensions, outermost first (PyTorch order: a Linear weight is `[out, in]`).
    public let shape: [Int]
    /// Byte range of the data, relative to the start of the data section (just after the header).
    public let dataRange: Range<Int>

    /// Number of elements (the product of `shape`; 1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }
}
