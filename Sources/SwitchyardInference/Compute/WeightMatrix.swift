import SwitchyardCore

/// A 2-D weight tensor left quantized inside the mapped GGUF file: `rows` rows of `cols` elements each
/// (`cols` = GGUF `ne[0]`). `y = W·x` is one dot product per row.
// @unchecked: `data` points into the read-only mapping of the model file, which nothing writes and the model keeps.
public struct WeightMatrix: @unchecked Sendable {
    public let name: String
    public let type: GGMLType
    public let rows: Int
    public let cols: Int
    public let data: UnsafeRawPointer
    public let rowBytes: Int

    init(_ info: GGUFTensorInfo, in file: GGUFFile) throws {
        guard GGMLType.supported.contains(info.type) else {
            throw SwitchyardError(
                code: .unsupportedTensorType,
                message: "tensor '\(info.name)' in '\(file.file.origin)' is \(info.type), which the engine cannot "
                    + "compute with; use a GGUF quantized as F32/F16/BF16/Q8_0/Q4_0/Q4_1/Q5_0/Q4_K/Q5_K/Q6_K.")
        }
        guard info.shape.count <= 2 else {
            throw SwitchyardError(
                code: .modelShapeMismatch, message: "tensor '\(info.name)' is not 2-D: \(info.shape).")
        }
        name = info.name
        type = info.type
        cols = info.shape[0]
        rows = info.rowCount
        data = file.data(of: info)
        rowBytes = type.rowBytes(cols)
    }

    /// Pointer to row `r`.
    ///
    /// - Parameter r: The row, `0..<rows`.
    @inline(__always) public func row(_ r: Int) -> UnsafeRawPointer { data + r * rowBytes }

    /// Which activation format the dot kernels of this weight type take.
    var activationFormat: ActivationFormat {
        switch type {
        case .q4_K, .q5_K, .q6_K: return .superblock
        case .f32, .f16, .bf16: return .float
        default: return .block32
        }
    }

    /// Dequantizes row `r` into `dst` (`cols` floats).
    ///
    /// - Parameters:
    ///   - r: The row, `0..<rows`.
    ///   - dst: Room for `cols` floats.
    public func dequantizeRow(_ r: Int, into dst: UnsafeMutablePointer<Float>) {
        try! Dequantize.row(type, row(r), dst, count: cols)  // type checked in init
    }
}

enum ActivationFormat { case block32, superblock, float }
