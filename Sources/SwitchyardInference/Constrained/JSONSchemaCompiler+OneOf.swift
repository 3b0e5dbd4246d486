import SwitchyardCore

extension JSONSchemaCompiler {
    /// `oneOf` as an `anyOf` that can match only once: each branch keeps just the JSON types that no other
    /// branch accepts (Kubernetes' `Quantity` is `oneOf: [{type: [string, null]}, {type: [number, null]}]`:
    /// `null` is in both, so neither branch may produce it). Sound because a value of a kept type fails
    /// every other branch; a subset where branches share a type. An integer is a number, so `integer` and
    /// `number` overlap entirely (a "non-integral number" type cannot be written). Refused when no branch
    /// keeps any type.
    func exclusiveBranches(_ branches: [JSONValue], at pointer: String) throws(SwitchyardError) -> [JSONValue] {
        let accepted = branches.map { acceptedTypes($0, depth: 0) }
        var result: [JSONValue] = []
        for (i, branch) in branches.enumerated() {
            var others = TypeAtoms()
            for (j, a) in accepted.enumerated() where j != i { others.formUnion(a) }
            let own = accepted[i].subtracting(others)
            let names = own.typeNames
            if names.isEmpty { continue }
            let form = try objectForm(branch, at: "\(pointer)/\(i)")
            result.append(.object(try Self.merge(form, ["type": .array(names.map { .string($0) })], at: pointer)))
        }
        guard !result.isEmpty else {
            throw Self.unsupported(
                "oneOf", at: String(pointer.dropLast("/oneOf".count)),
                "its branches accept the same JSON types, so which one matches depends on more than the type")
        }
        return result
    }

    /// The JSON types a schema may accept (an over-approximation: `type`, `enum`, `const`, `$ref`, `allOf`,
    /// `anyOf` and `oneOf` narrow it; other keywords do not).
    func acceptedTypes(_ schema: JSONValue, depth: Int) -> TypeAtoms {
        guard depth < 16 else { return .all }
        switch schema {
        case .bool(false): return TypeAtoms()
        case .object(let s):
            var types = TypeAtoms.all
            if let t = s["type"] { types.formIntersection(TypeAtoms(typeNames: Self.typeNames(t))) }
            if case .array(let values)? = s["enum"] { types.formIntersection(TypeAtoms(values: values)) }
            if let value = s["const"] { types.formIntersection(TypeAtoms(values: [value])) }
            if case .string(let ref)? = s["$ref"], ref.hasPrefix("#"),
                let target = JSONPointer.resolve(String(ref.dropFirst()), in: root)
            {
                types.formIntersection(acceptedTypes(target, depth: depth + 1))
            }
            if case .array(let parts)? = s["allOf"] {
                for p in parts { types.formIntersection(acceptedTypes(p, depth: depth + 1)) }
            }
            for keyword in ["anyOf", "oneOf"] {
                guard case .array(let parts)? = s[keyword] else { continue }
                var any = TypeAtoms()
                for p in parts { any.formUnion(acceptedTypes(p, depth: depth + 1)) }
                types.formIntersection(any)
            }
            return types
        default: return .all
        }
    }
}

/// Sets of JSON value kinds, with numbers split into integral and non-integral ones.
struct TypeAtoms: OptionSet {
    let rawValue: UInt8
    static let null = TypeAtoms(rawValue: 1)
    static let boolean = TypeAtoms(rawValue: 2)
    static let integral = TypeAtoms(rawValue: 4)
    static let fractional = TypeAtoms(rawValue: 8)
    static let string = TypeAtoms(rawValue: 16)
    static let array = TypeAtoms(rawValue: 32)
    static let object = TypeAtoms(rawValue: 64)
    static let all = TypeAtoms(rawValue: 127)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init(typeNames: [String]) {
        self.init()
        for name in typeNames {
            switch name {
            case "null": insert(.null)
            case "boolean": insert(.boolean)
            case "integer": insert(.integral)
            case "number": formUnion([.integral, .fractional])
            case "string": insert(.string)
            case "array": insert(.array)
            case "object": insert(.object)
            default: break
            }
        }
    }

    init(values: [JSONValue]) {
        self.init()
        for value in values {
            switch value {
            case .null: insert(.null)
            case .bool: insert(.boolean)
            case .int: insert(.integral)
            case .double(let d): insert(d.rounded() == d ? .integral : .fractional)
            case .string: insert(.string)
            case .array: insert(.array)
            case .object: insert(.object)
            }
        }
    }

    /// The `type` names that cover exactly these kinds, dropping non-integral numbers without integers
    /// (no type name says that).
    var typeNames: [String] {
        var names: [String] = []
        if contains(.null) { names.append("null") }
        if contains(.boolean) { names.append("boolean") }
        if contains([.integral, .fractional]) {
            names.append("number")
        } else if contains(.integral) {
            names.append("integer")
        }
        if contains(.string) { names.append("string") }
        if contains(.array) { names.append("array") }
        if contains(.object) { names.append("object") }
        return names
    }
}
