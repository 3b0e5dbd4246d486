import SwitchyardCore

/// The property tests' random source: Core's SplitMix64, seeded by the property's input.
typealias SeededRandom = SplitMix64

extension SplitMix64 {
    init(seed: Int) { self.init(seed: UInt64(bitPattern: Int64(seed))) }
}

/// A random simple schema, described so that both the schema and instances satisfying it can be made.
indirect enum SampleShape {
    case string(min: Int, max: Int)
    case integer(min: Int, max: Int, multipleOf: Int?)
    case number(min: Double, max: Double)
    case boolean
    case null
    case object([(name: String, shape: SampleShape, required: Bool)], closed: Bool)
    case array(SampleShape, min: Int, max: Int)

    /// Names with the characters JSON Pointer must escape, and non-ASCII.
    static let names = ["id", "name", "a/b", "t~n", "x y", "ключ", "~1", "items", "0", ""]

    static func random(depth: Int, using rng: inout SeededRandom) -> SampleShape {
        let pick = Int.random(in: 0..<(depth > 0 ? 7 : 5), using: &rng)
        switch pick {
        case 0:
            let min = Int.random(in: 0...3, using: &rng)
            return .string(min: min, max: min + Int.random(in: 0...5, using: &rng))
        case 1:
            let min = Int.random(in: -50...50, using: &rng)
            return .integer(
                min: min, max: min + Int.random(in: 3...100, using: &rng),
                multipleOf: Bool.random(using: &rng) ? Int.random(in: 1...3, using: &rng) : nil)
        case 2:
            let min = Double(Int.random(in: -100...100, using: &rng)) / 4
            return .number(min: min, max: min + Double(Int.random(in: 1...40, using: &rng)) / 8)
        case 3: return .boolean
        case 4: return .null
        case 5:
            let names = Array(Self.names.shuffled(using: &rng).prefix(Int.random(in: 0...4, using: &rng)))
            return .object(
                names.map { ($0, random(depth: depth - 1, using: &rng), Bool.random(using: &rng)) },
                closed: Bool.random(using: &rng))
        default:
            let min = Int.random(in: 0...2, using: &rng)
            return .array(
                random(depth: depth - 1, using: &rng), min: min, max: min + Int.random(in: 0...3, using: &rng))
        }
    }

    var schema: JSONValue {
        switch self {
        case .string(let min, let max): return ["type": "string", "minLength": .int(min), "maxLength": .int(max)]
        case .integer(let min, let max, let multiple):
            var s: JSONValue = ["type": "integer", "minimum": .int(min), "maximum": .int(max)]
            if let multiple, case .object(var members) = s {
                members["multipleOf"] = .int(multiple)
                s = .object(members)
            }
            return s
        case .number(let min, let max): return ["type": "number", "minimum": .double(min), "maximum": .double(max)]
        case .boolean: return ["type": "boolean"]
        case .null: return ["type": "null"]
        case .object(let properties, let closed):
            var members: [String: JSONValue] = [
                "type": "object",
                "properties": .object(Dictionary(uniqueKeysWithValues: properties.map { ($0.name, $0.shape.schema) })),
                "required": .array(properties.filter(\.required).map { .string($0.name) }),
            ]
            if closed { members["additionalProperties"] = false }
            return .object(members)
        case .array(let item, let min, let max):
            return ["type": "array", "items": item.schema, "minItems": .int(min), "maxItems": .int(max)]
        }
    }

    /// An instance that satisfies `schema` (objects carry every declared property).
    func instance(using rng: inout SeededRandom) -> JSONValue {
        switch self {
        case .string(let min, let max):
            let letters = Array("abcdéλ💡 ")
            return .string(
                String((0..<Int.random(in: min...max, using: &rng)).map { _ in letters.randomElement(using: &rng)! }))
        case .integer(let min, let max, let multiple):
            let m = multiple ?? 1
            let candidates = (min...max).filter { $0 % m == 0 }
            return .int(candidates.randomElement(using: &rng) ?? 0)
        case .number(let min, let max): return .double(Double.random(in: min...max, using: &rng))
        case .boolean: return .bool(Bool.random(using: &rng))
        case .null: return .null
        case .object(let properties, _):
            return .object(
                Dictionary(uniqueKeysWithValues: properties.map { ($0.name, $0.shape.instance(using: &rng)) }))
        case .array(let item, let min, let max):
            return .array((0..<Int.random(in: min...max, using: &rng)).map { _ in item.instance(using: &rng) })
        }
    }

    /// The integer shape's range always holds a multiple; the others always have instances.
    var isSatisfiable: Bool {
        switch self {
        case .integer(let min, let max, let multiple): return (min...max).contains { $0 % (multiple ?? 1) == 0 }
        case .object(let properties, _): return properties.allSatisfy(\.shape.isSatisfiable)
        case .array(let item, let min, _): return min == 0 || item.isSatisfiable
        default: return true
        }
    }
}

/// Edits on generated instances for the property tests.
enum InstanceEdit {
    /// Leaves (non-container values) of an instance with their JSON Pointers.
    static func leafPointers(_ value: JSONValue, _ path: [String] = []) -> [[String]] {
        switch value {
        case .object(let members): return members.flatMap { leafPointers($0.value, path + [$0.key]) }
        case .array(let items):
            return items.enumerated().flatMap { leafPointers($0.element, path + [String($0.offset)]) }
        default: return [path]
        }
    }

    static func pointer(_ tokens: [String]) -> String { tokens.map { "/" + JSONPointer.escape($0) }.joined() }

    /// `value` with the leaf at `tokens` replaced by `replacement`.
    static func replacing(_ value: JSONValue, at tokens: ArraySlice<String>, with replacement: JSONValue) -> JSONValue {
        guard let first = tokens.first else { return replacement }
        switch value {
        case .object(var members):
            members[first] = replacing(members[first]!, at: tokens.dropFirst(), with: replacement)
            return .object(members)
        case .array(var items):
            let i = Int(first)!
            items[i] = replacing(items[i], at: tokens.dropFirst(), with: replacement)
            return .array(items)
        default:
            return value
        }
    }

    /// A value of a different JSON type than `value`, and that type's name.
    static func wrongType(for value: JSONValue) -> (JSONValue, String) {
        switch value {
        case .string: return (.int(7), "integer")
        case .int, .double: return (.string("7"), "string")
        case .bool: return (.null, "null")
        default: return (.bool(true), "boolean")
        }
    }
}
