/// A compiled (sub)schema: its keywords in evaluation order, referring to other nodes by index.
struct SchemaNode: Sendable {
    enum Body: Sendable {
        case alwaysValid
        case alwaysInvalid
        case keywords([Keyword])
    }

    var body: Body
    /// Index of the schema resource (base URI) this node belongs to; drives the dynamic scope.
    var resource: Int
    /// Whether the node has `unevaluatedProperties`/`unevaluatedItems` and so must collect annotations.
    var collectsAnnotations: Bool

    static let placeholder = SchemaNode(body: .alwaysValid, resource: 0, collectsAnnotations: false)
}

/// A schema resource: the unit of the dynamic scope, with the `$dynamicAnchor`s it declares.
struct SchemaResource: Sendable {
    var uri: String
    var dynamicAnchors: [String: Int] = [:]
}

/// The JSON types of the `type` keyword, as bits.
struct JSONTypeSet: OptionSet, Sendable {
    let rawValue: UInt8
    static let null = JSONTypeSet(rawValue: 1)
    static let boolean = JSONTypeSet(rawValue: 2)
    static let integer = JSONTypeSet(rawValue: 4)
    static let number = JSONTypeSet(rawValue: 8)
    static let string = JSONTypeSet(rawValue: 16)
    static let array = JSONTypeSet(rawValue: 32)
    static let object = JSONTypeSet(rawValue: 64)

    static let names: [(String, JSONTypeSet)] = [
        ("null", .null), ("boolean", .boolean), ("integer", .integer), ("number", .number), ("string", .string),
        ("array", .array), ("object", .object),
    ]

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init?(name: String) {
        guard let match = Self.names.first(where: { $0.0 == name }) else { return nil }
        self = match.1
    }

    func matches(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return contains(.null)
        case .bool: return contains(.boolean)
        case .int: return contains(.integer) || contains(.number)
        case .double: return contains(.number) || (contains(.integer) && JSONNumber.isInteger(value))
        case .string: return contains(.string)
        case .array: return contains(.array)
        case .object: return contains(.object)
        }
    }

    var description: String {
        let names = Self.names.filter { contains($0.1) }.map(\.0)
        return names.count == 1 ? names[0] : "one of " + names.joined(separator: ", ")
    }

    /// The type name of an instance for messages ("integer" for 1 and 1.0).
    static func name(of value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .double: return JSONNumber.isInteger(value) ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

/// `properties`, `patternProperties` and `additionalProperties` together, since the last depends on the others.
/// A class so that copying the keyword that holds it costs one retain.
final class PropertyApplicator: Sendable {
    let propertyLookup: [String: Int]
    let patterns: [(regex: ECMARegex, node: Int)]
    let additional: Int?

    init(properties: [(name: String, node: Int)], patterns: [(regex: ECMARegex, node: Int)], additional: Int?) {
        self.propertyLookup = Dictionary(properties.map { ($0.name, $0.node) }, uniquingKeysWith: { a, _ in a })
        self.patterns = patterns
        self.additional = additional
    }
}

/// One compiled keyword (or a group of keywords that must be evaluated together).
enum Keyword: Sendable {
    case type(JSONTypeSet)
    case enumeration([JSONValue])
    case constant(JSONValue)
    case multipleOf(JSONNumber.Limit)
    case minimum(JSONNumber.Limit)
    case maximum(JSONNumber.Limit)
    case exclusiveMinimum(JSONNumber.Limit)
    case exclusiveMaximum(JSONNumber.Limit)
    case minLength(Int)
    case maxLength(Int)
    case pattern(ECMARegex)
    case format(String, FormatChecker)
    case minItems(Int)
    case maxItems(Int)
    case uniqueItems
    case minProperties(Int)
    case maxProperties(Int)
    case required([String])
    case dependentRequired([(property: String, required: [String])])
    case properties(PropertyApplicator)
    case propertyNames(Int)
    case dependentSchemas([(property: String, node: Int)])
    /// `prefixItems` nodes, then the `items` node for the rest.
    case items(prefix: [Int], rest: Int?)
    case contains(node: Int, min: Int, max: Int?)
    case allOf([Int])
    case anyOf([Int])
    case oneOf([Int])
    case not(Int)
    case conditional(if: Int, then: Int?, else: Int?)
    case ref(Int)
    /// `anchor` is set when the static target carries a matching `$dynamicAnchor` (the dynamic case).
    case dynamicRef(Int, anchor: String?)
    case unevaluatedProperties(Int)
    case unevaluatedItems(Int)
}
