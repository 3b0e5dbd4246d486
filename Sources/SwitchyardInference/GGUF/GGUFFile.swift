import SwitchyardCore

/// A parsed, validated GGUF (v2/v3, little-endian) model file, memory-mapped.
///
/// Opening checks the magic, version, counts, every string length, metadata value types, tensor dimensions,
/// tensor types, offsets, sizes and alignment before any tensor data is touched; anything wrong is a
/// `SwitchyardError` (`gguf_*` codes). Tensor data stays in the mapping (quantized weights are not copied).
public final class GGUFFile: Sendable {
    /// The underlying bytes.
    public let file: MappedFile
    /// GGUF format version (2 or 3).
    public let version: Int
    /// Metadata key/value pairs.
    public let metadata: [String: GGUFValue]
    /// Metadata keys in file order.
    public let metadataKeys: [String]
    /// Tensor descriptors in file order.
    public let tensors: [GGUFTensorInfo]
    /// Data alignment (`general.alignment`, default 32).
    public let alignment: Int
    /// Offset of the tensor-data section from the start of the file.
    public let dataOffset: Int
    private let tensorIndex: [String: Int]

    /// Limits that keep hostile headers from causing huge allocations.
    static let maxTensors = 1 << 16
    static let maxKeys = 1 << 16
    static let maxArrayNesting = 3

    /// Opens and validates the GGUF file at `path`.
    ///
    /// - Parameter path: A GGUF file.
    /// - Throws: `SwitchyardError`: `model_file_unreadable`, `gguf_corrupt`, `gguf_unsupported_*`.
    public convenience init(path: String) throws {
        try self.init(file: MappedFile(path: path))
    }

    /// Validates GGUF bytes already in memory (tests, fuzzing).
    ///
    /// - Parameter bytes: A GGUF file's bytes.
    /// - Throws: `SwitchyardError`: `gguf_corrupt`, `gguf_unsupported_*`.
    public convenience init(bytes: [UInt8]) throws {
        try self.init(file: MappedFile(bytes: bytes))
    }

    /// Validates the GGUF bytes of `file`.
    ///
    /// - Parameter file: The file's bytes.
    /// - Throws: `SwitchyardError`: `gguf_corrupt`, `gguf_unsupported_*`.
    public init(file: MappedFile) throws {
        self.file = file
        let origin = file.origin
        var r = GGUFByteReader(base: file.base, count: file.count, origin: origin)
        func corrupt(_ what: String) -> SwitchyardError {
            SwitchyardError(
                code: .ggufCorrupt,
                message: "GGUF file '\(origin)': \(what); the file is corrupt or not a model file.")
        }

        let magic = try r.u32("magic")
        guard magic == 0x4655_4747 else {
            throw SwitchyardError(
                code: .ggufBadMagic,
                message: "'\(origin)' is not a GGUF file (first bytes are not 'GGUF'). Pass a .gguf model file.")
        }
        let version = try r.u32("version")
        guard version == 2 || version == 3 else {
            let hint = (version & 0xFFFF) == 0 ? " (it looks big-endian, which is not supported)" : ""
            throw SwitchyardError(
                code: .ggufUnsupportedVersion,
                message: "GGUF file '\(origin)' has version \(version)\(hint); only versions 2 and 3 are supported. "
                    + "Re-convert the model with a current llama.cpp.")
        }
        self.version = Int(version)
        let nTensors = try r.u64("tensor count")
        let nKV = try r.u64("metadata count")
        guard nTensors <= UInt64(Self.maxTensors) else {
            throw corrupt("tensor count \(nTensors) exceeds \(Self.maxTensors)")
        }
        guard nKV <= UInt64(Self.maxKeys) else { throw corrupt("metadata count \(nKV) exceeds \(Self.maxKeys)") }

        var metadata: [String: GGUFValue] = [:]
        var keys: [String] = []
        keys.reserveCapacity(Int(nKV))
        for i in 0..<Int(nKV) {
            let key = try r.string("metadata key #\(i)", maxLength: 1 << 16)
            // Keys come from the file: quoted, escaped and cut before they go into any message.
            let shown = key.quotedExcerpt()
            let type = try r.u32("type of \(shown)")
            let value = try Self.readValue(&r, type: type, key: shown, depth: 0, file: file)
            if metadata.updateValue(value, forKey: key) != nil { throw corrupt("duplicate metadata key \(shown)") }
            keys.append(key)
        }
        self.metadata = metadata
        self.metadataKeys = keys

        var alignment = 32
        if let a = metadata["general.alignment"] {
            guard case .uint32(let v) = a, v > 0, v <= 1 << 16, v & (v - 1) == 0 else {
                throw corrupt("general.alignment must be a u32 power of two, got \(a)")
            }
            alignment = Int(v)
        }
        self.alignment = alignment

        struct Raw { var name: String; var shape: [Int]; var type: GGMLType; var offset: Int }
        var raws: [Raw] = []
        raws.reserveCapacity(Int(nTensors))
        var index: [String: Int] = [:]
        for i in 0..<Int(nTensors) {
            let name = try r.string("name of tensor #\(i)", maxLength: 256)
            let nDims = try r.u32("dimension count of '\(name)'")
            guard nDims >= 1, nDims <= 4 else {
                throw corrupt("tensor '\(name)' has \(nDims) dimensions (1...4 allowed)")
            }
            var shape: [Int] = []
            var elements = 1
            for d in 0..<Int(nDims) {
                let ne = try r.u64("dimension \(d) of '\(name)'")
                guard ne >= 1, ne <= UInt64(1 << 40) else { throw corrupt("tensor '\(name)' dimension \(d) is \(ne)") }
                let (m, o) = elements.multipliedReportingOverflow(by: Int(ne))
                guard !o, m <= 1 << 42 else { throw corrupt("tensor '\(name)' has too many elements") }
                elements = m
                shape.append(Int(ne))
            }
            let typeID = try r.u32("type of '\(name)'")
            guard let type = GGMLType(id: typeID) else {
                throw SwitchyardError(
                    code: .ggufUnsupportedTensorType,
                    message: "GGUF file '\(origin)': tensor '\(name)' has unknown ggml type id \(typeID). "
                        + "Use a model quantized as F32/F16/BF16/Q8_0/Q4_0/Q4_1/Q5_0/Q4_K/Q5_K/Q6_K.")
            }
            guard shape[0] % type.blockSize == 0 else {
                throw corrupt(
                    "tensor '\(name)' row length \(shape[0]) is not a multiple of the \(type) block size \(type.blockSize)"
                )
            }
            let off = try r.u64("offset of '\(name)'")
            guard off <= UInt64(file.count) else {
                throw corrupt("tensor '\(name)' offset \(off) is past the end of the file")
            }
            guard Int(off) % alignment == 0 else {
                throw corrupt("tensor '\(name)' offset \(off) is not \(alignment)-byte aligned")
            }
            if index.updateValue(raws.count, forKey: name) != nil { throw corrupt("duplicate tensor name '\(name)'") }
            raws.append(Raw(name: name, shape: shape, type: type, offset: Int(off)))
        }
        let dataOffset = (r.offset + alignment - 1) / alignment * alignment
        guard dataOffset <= file.count else { throw r.truncated("tensor data section") }
        self.dataOffset = dataOffset

        var tensors: [GGUFTensorInfo] = []
        tensors.reserveCapacity(raws.count)
        for t in raws {
            let bytes = t.shape.dropFirst().reduce(t.type.rowBytes(t.shape[0]), *)
            let start = dataOffset + t.offset
            guard bytes <= file.count, start <= file.count - bytes else {
                throw SwitchyardError(
                    code: .ggufTruncated,
                    message: "GGUF file '\(origin)': tensor '\(t.name)' (\(bytes) bytes at \(start)) extends past the "
                        + "end of the file (\(file.count) bytes); the file is truncated. Re-download it.")
            }
            tensors.append(
                GGUFTensorInfo(name: t.name, shape: t.shape, type: t.type, fileOffset: start, byteCount: bytes))
        }
        self.tensors = tensors
        self.tensorIndex = index
    }

    static func readValue(
        _ r: inout GGUFByteReader, type: UInt32, key: String, depth: Int, file: MappedFile
    ) throws -> GGUFValue {
        switch type {
        case 0: return .uint8(try r.read(UInt8.self, key))
        case 1: return .int8(try r.read(Int8.self, key))
        case 2: return .uint16(try r.read(UInt16.self, key))
        case 3: return .int16(try r.read(Int16.self, key))
        case 4: return .uint32(try r.u32(key))
        case 5: return .int32(try r.read(Int32.self, key))
        case 6: return .float32(try r.f32(key))
        case 7:
            let b = try r.read(UInt8.self, key)
            guard b <= 1 else {
                throw SwitchyardError(
                    code: .ggufCorrupt, message: "GGUF file '\(r.origin)': bool \(key) has byte value \(b).")
            }
            return .bool(b == 1)
        case 8: return .string(try r.string("value of \(key)"))
        case 10: return .uint64(try r.u64(key))
        case 11: return .int64(try r.read(Int64.self, key))
        case 12: return .float64(try r.f64(key))
        case 9:
            guard depth < maxArrayNesting else {
                throw SwitchyardError(
                    code: .ggufCorrupt, message: "GGUF file '\(r.origin)': array \(key) is nested too deeply.")
            }
            let elementType = try r.u32("element type of \(key)")
            let n = try r.u64("element count of \(key)")
            // Every element takes at least one byte, so a count above the remaining bytes is a lie: reject it
            // before reserving memory for it.
            let minSize: Int
            switch elementType {
            case 0, 1, 7: minSize = 1
            case 2, 3: minSize = 2
            case 4, 5, 6: minSize = 4
            case 8, 10, 11, 12: minSize = 8
            case 9: minSize = 12
            default:
                throw SwitchyardError(
                    code: .ggufCorrupt,
                    message: "GGUF file '\(r.origin)': array \(key) has unknown element type \(elementType).")
            }
            guard n <= UInt64(r.remaining / minSize) else { throw r.truncated("array \(key) of \(n) elements") }
            // Walk (and so validate) the elements now; decode them only when asked.
            let start = r.offset
            switch elementType {
            case 8:
                for _ in 0..<Int(n) {
                    let len = try r.u64("length of an element of \(key)")
                    guard len <= UInt64(r.remaining) else { throw r.truncated("an element of \(key)") }
                    try r.skip(Int(len), key)
                }
            case 9:
                for _ in 0..<Int(n) { _ = try readValue(&r, type: elementType, key: key, depth: depth + 1, file: file) }
            default:
                try r.skip(Int(n) * minSize, "array \(key)")
                if elementType == 7 {
                    for i in 0..<Int(n) where r.base.load(fromByteOffset: start + i, as: UInt8.self) > 1 {
                        throw SwitchyardError(
                            code: .ggufCorrupt,
                            message: "GGUF file '\(r.origin)': bool array \(key) has a byte that is not 0 or 1.")
                    }
                }
            }
            return .array(GGUFArray(elementType: elementType, count: Int(n), file: file, offset: start, key: key))
        default:
            throw SwitchyardError(
                code: .ggufCorrupt,
                message: "GGUF file '\(r.origin)': metadata \(key) has unknown value type \(type).")
        }
    }

    // MARK: - Tensor access

    /// The descriptor of the tensor named `name`, or nil.
    ///
    /// - Parameter name: The tensor's name.
    public func tensorInfo(_ name: String) -> GGUFTensorInfo? {
        tensorIndex[name].map { tensors[$0] }
    }

    /// Pointer to the first byte of a tensor's data (inside the mapping; valid while this object lives).
    ///
    /// - Parameter tensor: A tensor of this file.
    public func data(of tensor: GGUFTensorInfo) -> UnsafeRawPointer { file.base + tensor.fileOffset }
}
