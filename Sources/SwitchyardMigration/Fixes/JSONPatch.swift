import Foundation
import SwitchyardCore

/// A JSON Patch (RFC 6902) limited to the operations a manifest fix needs: `add`, `replace`, `remove` and
/// `test`. Paths are JSON Pointers (RFC 6901); `-` appends to an array.
public struct JSONPatch: Sendable, Hashable {
    /// One operation.
    public struct Operation: Sendable, Hashable {
        /// `add`, `replace`, `remove` or `test`.
        public var op: String
        /// The JSON Pointer it acts on.
        public var path: String
        /// The value (`add`, `replace`, `test`).
        public var value: JSONValue?
    }

    /// The operations, applied in order.
    public var operations: [Operation]

    /// Reads a patch: an array of `{op, path, value}` objects.
    /// - Parameter json: the patch as JSON.
    /// - Throws: `invalid_value` naming the operation that is malformed.
    public init(_ json: JSONValue) throws(SwitchyardError) {
        guard let items = json.arrayValue else {
            throw SwitchyardError(code: .invalidValue, message: "a patch is an array of {op, path, value} objects")
        }
        var operations: [Operation] = []
        for (i, item) in items.enumerated() {
            guard let op = item["op"]?.stringValue, ["add", "replace", "remove", "test"].contains(op) else {
                throw SwitchyardError(
                    code: .invalidValue, message: "patch operation \(i): 'op' must be add, replace, remove or test")
            }
            guard let path = item["path"]?.stringValue, path.isEmpty || path.hasPrefix("/") else {
                throw SwitchyardError(
                    code: .invalidValue, message: "patch operation \(i): 'path' must be a JSON Pointer such as /spec")
            }
            if op != "remove", item["value"] == nil {
                throw SwitchyardError(code: .invalidValue, message: "patch operation \(i) (\(op)) needs a 'value'")
            }
            operations.append(Operation(op: op, path: path, value: op == "remove" ? nil : item["value"]))
        }
        self.operations = operations
    }

    /// `document` with the patch applied.
    /// - Parameter document: the JSON to patch; it is not changed.
    /// - Throws: `invalid_value` naming the operation whose path does not exist or whose test fails.
    public func apply(to document: JSONValue) throws(SwitchyardError) -> JSONValue {
        var result = document
        for (i, operation) in operations.enumerated() {
            let tokens = JSONPatch.tokens(operation.path)
            do {
                result = try JSONPatch.apply(operation, tokens[...], to: result)
            } catch {
                throw SwitchyardError(
                    code: .invalidValue, message: "patch operation \(i) (\(operation.op) \(operation.path)): \(error)")
            }
        }
        return result
    }

    /// The pointers the patch changes.
    public var paths: [String] { operations.filter { $0.op != "test" }.map(\.path) }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func tokens(_ pointer: String) -> [String] {
        guard !pointer.isEmpty else { return [] }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    static func apply(_ operation: Operation, _ tokens: ArraySlice<String>, to node: JSONValue) throws -> JSONValue {
        guard let token = tokens.first else {
            switch operation.op {
            case "test":
                guard operation.value == node else { throw Failure(description: "the value differs") }
                return node
            case "remove": throw Failure(description: "cannot remove the whole document")
            default: return operation.value ?? .null
            }
        }
        let rest = tokens.dropFirst()
        switch node {
        case .object(var members):
            if rest.isEmpty {
                switch operation.op {
                case "add": members[token] = operation.value
                case "replace":
                    guard members[token] != nil else { throw Failure(description: "no member '\(token)'") }
                    members[token] = operation.value
                case "remove":
                    guard members.removeValue(forKey: token) != nil else {
                        throw Failure(description: "no member '\(token)'")
                    }
                default:
                    guard members[token] == operation.value else { throw Failure(description: "the value differs") }
                }
                return .object(members)
            }
            guard let child = members[token] else { throw Failure(description: "no member '\(token)'") }
            members[token] = try apply(operation, rest, to: child)
            return .object(members)
        case .array(var items):
            let index: Int
            if token == "-" {
                guard rest.isEmpty, operation.op == "add" else { throw Failure(description: "'-' only appends") }
                index = items.count
            } else {
                guard let i = Int(token), i >= 0, String(i) == token else {
                    throw Failure(description: "'\(token)' is not an array index")
                }
                index = i
            }
            if rest.isEmpty {
                switch operation.op {
                case "add":
                    guard index <= items.count else { throw Failure(description: "index \(index) is out of range") }
                    items.insert(operation.value ?? .null, at: index)
                case "replace", "remove", "test":
                    guard index < items.count else { throw Failure(description: "index \(index) is out of range") }
                    if operation.op == "replace" { items[index] = operation.value ?? .null }
                    if operation.op == "remove" { items.remove(at: index) }
                    if operation.op == "test", items[index] != operation.value {
                        throw Failure(description: "the value differs")
                    }
                default: break
                }
                return .array(items)
            }
            guard index < items.count else { throw Failure(description: "index \(index) is out of range") }
            items[index] = try apply(operation, rest, to: items[index])
            return .array(items)
        default:
            throw Failure(description: "'\(token)' goes into a \(node.typeName)")
        }
    }
}

extension JSONValue {
    fileprivate var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
