/// One metadata value of a GGUF file.
public enum GGUFValue: Sendable, Equatable {
    case uint8(UInt8)
    case int8(Int8)
    case uint16(UInt16)
    case int16(Int16)
    case uint32(UInt32)
    case int32(Int32)
    case float32(Float)
    case bool(Bool)
    case string(String)
    case uint64(UInt64)
    case int64(Int64)
    case float64(Double)
    /// An array (homogeneous). Its elements stay in the mapped file until read, so a 262k-entry vocabulary
    /// costs no memory beyond what its reader keeps.
    case array(GGUFArray)

    /// The value as an integer when it is any integer type (or bool), else nil.
    public var intValue: Int? {
        switch self {
        case .uint8(let v): return Int(v)
        case .int8(let v): return Int(v)
        case .uint16(let v): return Int(v)
        case .int16(let v): return Int(v)
        case .uint32(let v): return Int(v)
        case .int32(let v): return Int(v)
        case .uint64(let v): return v <= UInt64(Int.max) ? Int(v) : nil
        case .int64(let v): return Int(v)
        case .bool(let v): return v ? 1 : 0
        default: return nil
        }
    }

    /// The value as a Float when it is a float or integer type, else nil.
    public var floatValue: Float? {
        switch self {
        case .float32(let v): return v
        case .float64(let v): return Float(v)
        default: return intValue.map(Float.init)
        }
    }

    /// The string payload, or nil.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The bool payload (integers 0/1 accepted), or nil.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        if let i = intValue, i == 0 || i == 1 { return i == 1 }
        return nil
    }

    /// The elements when this is an array, else nil.
    public var arrayValue: [GGUFValue]? {
        if case .array(let a) = self { return a.elements }
        return nil
    }
}

/// A validated GGUF metadata array whose elements are decoded from the mapping on access.
public struct GGUFArray: Sendable, Equatable {
    /// GGUF value-type id of the elements (8 = string, 6 = f32, …).
    public let elementType: UInt32
    /// Number of elements.
    public let count: Int
    let file: MappedFile
    let offset: Int
    let key: String

    /// All elements, decoded.
    public var elements: [GGUFValue] {
        var r = GGUFByteReader(base: file.base, count: file.count, origin: file.origin)
        r.seek(offset)
        var out: [GGUFValue] = []
        out.reserveCapacity(count)
        // Already validated when the file was opened, so decoding cannot fail.
        for _ in 0..<count {
            out.append(try! GGUFFile.readValue(&r, type: elementType, key: key, depth: 1, file: file))
        }
        return out
    }

    /// The elements as strings when this is an array of strings.
    public var strings: [String]? {
        guard elementType == 8 else { return nil }
        var r = GGUFByteReader(base: file.base, count: file.count, origin: file.origin)
        r.seek(offset)
        var out: [String] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try! r.string(key)) }
        return out
    }

    public static func == (a: GGUFArray, b: GGUFArray) -> Bool {
        a.elementType == b.elementType && a.count == b.count && a.offset == b.offset && a.file === b.file
    }
}
