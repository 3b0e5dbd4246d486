import Foundation
import SwitchyardCore

/// A named, writable field of a ``GraphState`` and the ``Reducer`` that merges writes into it.
public struct Channel<State: GraphState>: Sendable {
    /// The field's stored name; keep it stable, checkpoints refer to it.
    public let name: String
    let keyPath: StateKeyPath
    let apply: @Sendable (inout State, any Sendable) throws -> Void
    let encode: @Sendable (any Sendable) throws -> Data
    let decode: @Sendable (Data) throws -> any Sendable

    /// Declares a channel for `keyPath`, merged by `reducer` (replace by default).
    /// - Parameters:
    ///   - name: The channel's name in checkpoints and errors.
    ///   - keyPath: The state field it writes.
    ///   - reducer: How a write merges with the current value.
    public init<Value: Codable & Sendable>(
        _ name: String, _ keyPath: any WritableKeyPath<State, Value> & Sendable, reducer: Reducer<Value> = .replace
    ) {
        self.name = name
        self.keyPath = StateKeyPath(keyPath)
        self.apply = { state, value in
            guard let typed = value as? Value else {
                throw SwitchyardError(
                    code: .invalidWrite,
                    message: "channel '\(name)' expects \(Value.self), got \(type(of: value))")
            }
            reducer.reduce(&state[keyPath: keyPath], typed)
        }
        let fast = FastValue(Value.self)
        self.encode = { value in
            // Common field types skip JSONEncoder (same JSON, a fraction of the cost); see CheckpointJSON.
            if let data = fast.encode(value) { return data }
            guard let typed = value as? Value else {
                throw SwitchyardError(code: .invalidWrite, message: "channel '\(name)' expects \(Value.self)")
            }
            return try JSONCoding.encoder.encode(typed)
        }
        self.decode = { data in
            if let value = try fast.decode(data) { return value }
            return try JSONDecoder().decode(Value.self, from: data)
        }
    }
}

/// A key path into the state, usable as a dictionary key across tasks.
///
/// Key paths to stored properties are immutable values; `AnyKeyPath` is not yet marked `Sendable`.
struct StateKeyPath: Hashable, @unchecked Sendable {
    let base: AnyKeyPath
    init(_ base: AnyKeyPath) { self.base = base }
}

/// The field types whose JSON ``CheckpointJSON`` (or, for JSON values, ``JSONValue/writeJSON(into:)``) writes
/// directly, decided once per channel; JSON values are also read back without `JSONDecoder`.
enum FastValue: Sendable {
    case int, double, bool, string, strings, ints
    /// `JSONValue`, `[String: JSONValue]` and `[String: [JSONValue]]` (a declarative workflow's state).
    case json, jsonObject, jsonLists
    case other

    init(_ type: Any.Type) {
        switch type {
        case is Int.Type: self = .int
        case is Double.Type: self = .double
        case is Bool.Type: self = .bool
        case is String.Type: self = .string
        case is [String].Type: self = .strings
        case is [Int].Type: self = .ints
        case is JSONValue.Type: self = .json
        case is [String: JSONValue].Type: self = .jsonObject
        case is [String: [JSONValue]].Type: self = .jsonLists
        default: self = .other
        }
    }

    /// The value's JSON, or `nil` to use `JSONEncoder` (other types, non-finite doubles).
    func encode(_ value: any Sendable) -> Data? {
        var out: [UInt8] = []
        switch self {
        case .int:
            guard let v = value as? Int else { return nil }
            CheckpointJSON.appendInt(v, to: &out)
        case .double:
            guard let v = value as? Double, v.isFinite else { return nil }
            CheckpointJSON.appendDouble(v, to: &out)
        case .bool:
            guard let v = value as? Bool else { return nil }
            out.append(contentsOf: (v ? "true" : "false").utf8)
        case .string:
            guard let v = value as? String else { return nil }
            CheckpointJSON.appendString(v, to: &out)
        case .strings:
            guard let v = value as? [String] else { return nil }
            CheckpointJSON.appendStrings(v, to: &out)
        case .ints:
            guard let v = value as? [Int] else { return nil }
            out.append(UInt8(ascii: "["))
            for (i, n) in v.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                CheckpointJSON.appendInt(n, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .json, .jsonObject, .jsonLists:
            guard let json = Self.json(value), !json.containsNonFiniteNumber else { return nil }
            json.writeJSON(into: &out)
        case .other:
            return nil
        }
        return Data(out)
    }

    private static func json(_ value: any Sendable) -> JSONValue? {
        if let v = value as? JSONValue { return v }
        if let v = value as? [String: JSONValue] { return .object(v) }
        if let v = value as? [String: [JSONValue]] { return .object(v.mapValues(JSONValue.array)) }
        return nil
    }

    /// The stored value read back, or `nil` to use `JSONDecoder` (types other than JSON values).
    /// - Throws: ``JSONSyntaxError`` for bytes that are not JSON; `DecodingError.typeMismatch` for JSON of
    ///   another shape than the field's.
    func decode(_ data: Data) throws -> (any Sendable)? {
        switch self {
        case .json, .jsonObject, .jsonLists: break
        default: return nil
        }
        let json = try data.withUnsafeBytes { try JSONValue(parsingUTF8: $0) }
        func mismatch(_ type: Any.Type) -> DecodingError {
            DecodingError.typeMismatch(
                type,
                DecodingError.Context(codingPath: [], debugDescription: "expected \(type), found \(json.jsonText)"))
        }
        switch self {
        case .jsonObject:
            guard case .object(let members) = json else { throw mismatch([String: JSONValue].self) }
            return members
        case .jsonLists:
            guard case .object(let members) = json else { throw mismatch([String: [JSONValue]].self) }
            var lists: [String: [JSONValue]] = [:]
            lists.reserveCapacity(members.count)
            for (key, member) in members {
                guard case .array(let items) = member else { throw mismatch([String: [JSONValue]].self) }
                lists[key] = items
            }
            return lists
        default:
            return json
        }
    }
}
