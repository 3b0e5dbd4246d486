/// A ggml tensor element type, as stored in a GGUF tensor-info record (`ggml_type` ids, ggml `ggml.h`).
public struct GGMLType: Hashable, Sendable, CustomStringConvertible {
    /// The ggml type id.
    public let rawValue: UInt32
    /// Elements per quantization block (1 for plain float types).
    public let blockSize: Int
    /// Bytes per block.
    public let typeSize: Int
    /// The ggml name (`Q4_1`, `F16`, …).
    public let name: String

    public static let f32 = GGMLType(rawValue: 0, blockSize: 1, typeSize: 4, name: "F32")
    public static let f16 = GGMLType(rawValue: 1, blockSize: 1, typeSize: 2, name: "F16")
    public static let q4_0 = GGMLType(rawValue: 2, blockSize: 32, typeSize: 18, name: "Q4_0")
    public static let q4_1 = GGMLType(rawValue: 3, blockSize: 32, typeSize: 20, name: "Q4_1")
    public static let q5_0 = GGMLType(rawValue: 6, blockSize: 32, typeSize: 22, name: "Q5_0")
    public static let q5_1 = GGMLType(rawValue: 7, blockSize: 32, typeSize: 24, name: "Q5_1")
    public static let q8_0 = GGMLType(rawValue: 8, blockSize: 32, typeSize: 34, name: "Q8_0")
    public static let q8_1 = GGMLType(rawValue: 9, blockSize: 32, typeSize: 36, name: "Q8_1")
    public static let q2_K = GGMLType(rawValue: 10, blockSize: 256, typeSize: 84, name: "Q2_K")
    public static let q3_K = GGMLType(rawValue: 11, blockSize: 256, typeSize: 110, name: "Q3_K")
    public static let q4_K = GGMLType(rawValue: 12, blockSize: 256, typeSize: 144, name: "Q4_K")
    public static let q5_K = GGMLType(rawValue: 13, blockSize: 256, typeSize: 176, name: "Q5_K")
    public static let q6_K = GGMLType(rawValue: 14, blockSize: 256, typeSize: 210, name: "Q6_K")
    public static let q8_K = GGMLType(rawValue: 15, blockSize: 256, typeSize: 292, name: "Q8_K")
    public static let i8 = GGMLType(rawValue: 24, blockSize: 1, typeSize: 1, name: "I8")
    public static let i16 = GGMLType(rawValue: 25, blockSize: 1, typeSize: 2, name: "I16")
    public static let i32 = GGMLType(rawValue: 26, blockSize: 1, typeSize: 4, name: "I32")
    public static let i64 = GGMLType(rawValue: 27, blockSize: 1, typeSize: 8, name: "I64")
    public static let f64 = GGMLType(rawValue: 28, blockSize: 1, typeSize: 8, name: "F64")
    public static let bf16 = GGMLType(rawValue: 30, blockSize: 1, typeSize: 2, name: "BF16")

    /// Every type whose size the reader knows; other ids are rejected when a file is opened.
    public static let known: [GGMLType] = [
        .f32, .f16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q8_1, .q2_K, .q3_K, .q4_K, .q5_K, .q6_K, .q8_K,
        .i8, .i16, .i32, .i64, .f64, .bf16,
    ]

    /// The types the engine can compute with (dequantize and dot).
    public static let supported: Set<GGMLType> = [.f32, .f16, .bf16, .q8_0, .q4_0, .q4_1, .q5_0, .q4_K, .q5_K, .q6_K]

    /// The known type with this id, or nil.
    ///
    /// - Parameter id: The GGUF tensor type id.
    public init?(id: UInt32) {
        guard let t = GGMLType.known.first(where: { $0.rawValue == id }) else { return nil }
        self = t
    }

    private init(rawValue: UInt32, blockSize: Int, typeSize: Int, name: String) {
        self.rawValue = rawValue
        self.blockSize = blockSize
        self.typeSize = typeSize
        self.name = name
    }

    public static func == (a: GGMLType, b: GGMLType) -> Bool { a.rawValue == b.rawValue }
    public func hash(into h: inout Hasher) { h.combine(rawValue) }
    public var description: String { name }

    /// Bytes of a row of `n` elements; `n` must be a multiple of `blockSize`.
    ///
    /// - Parameter n: Elements per row.
    public func rowBytes(_ n: Int) -> Int { n / blockSize * typeSize }
}
