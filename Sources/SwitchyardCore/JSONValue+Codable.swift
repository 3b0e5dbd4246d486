import Foundation

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? container.decode(Int.self) {
            self = .int(i)
        } else if let d = try? container.decode(Double.self) {
            self = .double(d)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let a = try? container.decode([JSONValue].self) {
            self = .array(a)
        } else if let o = try? container.decode([String: JSONValue].self) {
            self = .object(o)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .int(let i): try container.encode(i)
        case .double(let d): try container.encode(d)
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        }
    }
}

extension JSONValue {
    /// Encodes any `Encodable` value as a `JSONValue`.
    ///
    /// - Parameter value: The value to encode.
    /// - Throws: What `JSONEncoder` throws for the value.
    public init(encoding value: some Encodable) throws {
        self = try JSONValue(parsing: String(decoding: try JSONCoding.encoder.encode(value), as: UTF8.self))
    }

    /// Decodes this JSON into a `Decodable` type.
    ///
    /// - Parameter type: The type to decode.
    /// - Throws: `DecodingError` when this JSON does not have the type's shape.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(jsonText.utf8))
    }
}

/// Shared JSON settings: sorted keys so equal values encode to equal bytes.
public enum JSONCoding {
    /// A compact encoder with sorted keys and unescaped slashes.
    public static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
}
