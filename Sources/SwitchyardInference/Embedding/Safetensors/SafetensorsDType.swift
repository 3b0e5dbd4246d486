/// An element type a safetensors file can declare (the `dtype` field of a tensor entry).
///
/// The list and the byte sizes follow the format's specification (huggingface/safetensors, `README.md`,
/// "Format"). A struct with static members rather than an enum so that adding a type breaks no caller.
public struct SafetensorsDType: Hashable, Sendable, CustomStringConvertible {
    /// The name as written in the header (`"F32"`, `"BF16"`, …).
    public let name: String
    /// Bytes per element.
    public let byteSize: Int

    public var description: String { name }

    public static let bool = SafetensorsDType(name: "BOOL", byteSize: 1)
    public static let u8 = SafetensorsDType(name: "U8", byteSize: 1)
    public static let i8 = SafetensorsDType(name: "I8", byteSize: 1)
    public static let f8e4m3 = SafetensorsDType(name: "F8_E4M3", byteSize: 1)
    public static let f8e5m2 = SafetensorsDType(name: "F8_E5M2", byteSize: 1)
    public static let i16 = SafetensorsDType(name: "I16", byteSize: 2)
    public static let u16 = SafetensorsDType(name: "U16", byteSize: 2)
    public static let f16 = SafetensorsDType(name: "F16", byteSize: 2)
    public static let bf16 = SafetensorsDType(name: "BF16", byteSize: 2)
    public static let i32 = SafetensorsDType(name: "I32", byteSize: 4)
    public static let u32 = SafetensorsDType(name: "U32", byteSize: 4)
    public static let f32 = SafetensorsDType(name: "F32", byteSize: 4)
    public static let f64 = SafetensorsDType(name: "F64", byteSize: 8)
    public static let i64 = SafetensorsDType(name: "I64", byteSize: 8)
    public static let u64 = SafetensorsDType(name: "U64", byteSize: 8)

    /// Every type the reader accepts.
    public static let all: [SafetensorsDType] = [
        .bool, .u8, .i8, .f8e4m3, .f8e5m2, .i16, .u16, .f16, .bf16, .i32, .u32, .f32, .f64, .i64, .u64,
    ]

    /// The type named `name` in a header, or nil when the reader does not know it.
    ///
    /// - Parameter name: The `dtype` string of a header entry (`F32`, `F16`, `BF16` …).
    public init?(headerName name: String) {
        guard let known = Self.all.first(where: { $0.name == name }) else { return nil }
        self = known
    }

    private init(name: String, byteSize: Int) {
        self.name = name
        self.byteSize = byteSize
    }
}
