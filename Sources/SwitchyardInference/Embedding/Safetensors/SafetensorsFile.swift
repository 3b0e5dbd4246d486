import SwitchyardCore

/// A memory-mapped, validated safetensors file (the Hugging Face weights format).
///
/// Opening checks the whole header (see `SafetensorsHeader`): a truncated or corrupt file throws a
/// `SwitchyardError` with code `safetensors_corrupt`, never traps. Tensor data is read from the mapping on
/// demand; the file stays mapped while this object lives.
public final class SafetensorsFile: Sendable {
    /// The path the file was opened from.
    public let path: String
    /// Every tensor, by name.
    public let tensors: [String: SafetensorsTensorInfo]
    /// The optional `__metadata__` string map (`{"format": "pt"}` for PyTorch exports).
    public let metadata: [String: String]
    private let map: SafetensorsMemoryMap
    private let dataOffset: Int

    /// Maps and validates the file at `path`.
    ///
    /// - Parameter path: A `.safetensors` file.
    /// - Throws: `SwitchyardError` with a `safetensors_*` code naming the file and what is wrong.
    public init(path: String) throws {
        self.path = path
        map = try SafetensorsMemoryMap(path: path)
        let header = try SafetensorsHeader.parse(map.bytes, path: path)
        tensors = header.tensors
        metadata = header.metadata
        dataOffset = header.dataOffset
    }

    /// The entry for `name`, or a `safetensors_missing_tensor` error naming the file.
    ///
    /// - Parameter name: The tensor's name.
    /// - Throws: `SwitchyardError` with code `safetensors_missing_tensor`.
    public func info(_ name: String) throws -> SafetensorsTensorInfo {
        guard let info = tensors[name] else {
            throw SwitchyardError(
                code: .safetensorsMissingTensor, message: "\(path) has no tensor named \(name)")
        }
        return info
    }

    /// Calls `body` with the raw little-endian bytes of tensor `name` (valid only inside the closure).
    ///
    /// - Parameters:
    ///   - name: The tensor's name.
    ///   - body: Reads the bytes.
    /// - Throws: `safetensors_missing_tensor`, or what `body` throws.
    public func withBytes<R>(of name: String, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let range = try info(name).dataRange
        let slice = UnsafeRawBufferPointer(
            rebasing: map.bytes[(dataOffset + range.lowerBound)..<(dataOffset + range.upperBound)])
        return try body(slice)
    }

    /// The elements of tensor `name` as `Float`, converted from F32, F16 or BF16.
    ///
    /// - Parameters:
    ///   - name: The tensor's name.
    ///   - shape: when given, the tensor's shape must equal it (`safetensors_shape_mismatch`).
    ///
    /// - Throws: `SwitchyardError`: `safetensors_missing_tensor`, `safetensors_shape_mismatch`, or an unsupported
    ///   dtype.
    public func floats(_ name: String, shape: [Int]? = nil) throws -> [Float] {
        let info = try info(name)
        if let shape, shape != info.shape {
            throw SwitchyardError(
                code: .safetensorsShapeMismatch,
                message: "\(path): tensor \(name) has shape \(info.shape), expected \(shape)")
        }
        let n = info.elementCount
        return try withBytes(of: name) { raw in
            switch info.dtype {
            case .f32:
                return [Float](unsafeUninitializedCapacity: n) { out, count in
                    // The data may sit at any byte offset: copy bytes, never bind unaligned memory.
                    if n > 0 {
                        UnsafeMutableRawPointer(out.baseAddress!).copyMemory(from: raw.baseAddress!, byteCount: 4 * n)
                    }
                    for i in 0..<n { out[i] = Float(bitPattern: UInt32(littleEndian: out[i].bitPattern)) }
                    count = n
                }
            case .bf16:
                return (0..<n).map { i in
                    let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                    return Float(bitPattern: UInt32(bits) << 16)
                }
            case .f16:
                return (0..<n).map { i in
                    SafetensorsHalf.float(
                        UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
                }
            default:
                throw SwitchyardError(
                    code: .safetensorsUnsupportedDtype,
                    message: "\(path): tensor \(name) is \(info.dtype); only F32, F16 and BF16 convert to Float")
            }
        }
    }
}

/// IEEE 754 binary16 → binary32 by bit manipulation (portable; no `Float16` type needed).
enum SafetensorsHalf {
    static func float(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = Int((h >> 10) & 0x1F)
        let mantissa = UInt32(h & 0x3FF)
        if exponent == 0 {
            // Zero or subnormal: mantissa · 2^-24.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        }
        if exponent == 31 { return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13)) }
        return Float(bitPattern: sign | UInt32(exponent + 112) << 23 | (mantissa << 13))
    }
}
