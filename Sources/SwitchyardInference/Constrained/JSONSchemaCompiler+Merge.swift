import SwitchyardCore

extension JSONSchemaCompiler {
    static let allTypes = ["null", "boolean", "integer", "number", "string", "array", "object"]

    /// Both schemas at once (`allOf`, `$ref` with siblings, `anyOf` branches with their siblings): keywords
    /// are united; `required` is joined, `properties` merged (a property in both gets both schemas through
    /// `allOf`), `type` intersected. Any other keyword present in both with different values is refused.
    static func merge(
        _ a: [String: JSONValue], _ b: [String: JSONValue], at pointer: String
    ) throws(SwitchyardError) -> [String: JSONValue] {
        var out = a
        for (key, value) in b {
            guard let existing = out[key], existing != value else {
                out[key] = value
                continue
            }
            if isAnnotation(key) { continue }
            switch key {
            case "required":
                var names = existing.arrayOfStrings
                for n in value.arrayOfStrings where !names.contains(n) { names.append(n) }
                out[key] = .array(names.map { .string($0) })
            case "properties":
                guard case .object(var props) = existing, case .object(let more) = value else {
                    throw conflict(key, at: pointer)
                }
                for (name, schema) in more {
                    props[name] = props[name].map { .object(["allOf": .array([$0, schema])]) } ?? schema
                }
                out[key] = .object(props)
            case "type":
                let left = typeNames(existing), right = typeNames(value)
                var both = left.filter { right.contains($0) }
                if left.contains("number") && right.contains("integer") && !both.contains("integer") {
                    both.append("integer")
                }
                if right.contains("number") && left.contains("integer") && !both.contains("integer") {
                    both.append("integer")
                }
                out[key] = .array(both.map { .string($0) })
            case "allOf":
                out[key] = .array((existing.arrayValue ?? []) + (value.arrayValue ?? []))
            case "anyOf":
                // (A1 ∨ A2) ∧ (B1 ∨ B2) = (A1 ∧ B1) ∨ (A1 ∧ B2) ∨ …, kept small.
                let left = existing.arrayValue ?? [], right = value.arrayValue ?? []
                guard left.count * right.count <= 64 else { throw conflict(key, at: pointer) }
                var branches: [JSONValue] = []
                for l in left {
                    for r in right {
                        guard case .object(let lo) = l, case .object(let ro) = r else {
                            throw conflict(key, at: pointer)
                        }
                        branches.append(.object(try merge(lo, ro, at: pointer)))
                    }
                }
                out[key] = .array(branches)
            default:
                throw conflict(key, at: pointer)
            }
        }
        return out
    }

    private static func conflict(_ key: String, at pointer: String) -> SwitchyardError {
        SwitchyardError(
            code: .unsupportedSchemaKeyword,
            message:
                "JSON Schema keyword \(key.quotedExcerpt()) at \(pointer.shownPointer) appears in two combined schemas with "
                + "different values; constrained decoding cannot intersect them. Write one value.",
            details: [pointer + "/" + key])
    }

    static func typeNames(_ v: JSONValue) -> [String] {
        switch v {
        case .string(let s): return [s]
        case .array(let a): return a.compactMap(\.stringValue)
        default: return []
        }
    }

    /// The types this schema allows. Without `type`, the types its keywords imply (object keywords: object …;
    /// none: every type).
    func types(of s: [String: JSONValue], at pointer: String) throws(SwitchyardError) -> [String] {
        if let t = s["type"] {
            var names = Self.typeNames(t)
            // "number" covers integers; keep the integer automaton only when number is absent.
            if names.contains("number") { names.removeAll { $0 == "integer" } }
            return names
        }
        var inferred: [String] = []
        let objectKeys = ["properties", "required", "additionalProperties"]
        let arrayKeys = ["items", "prefixItems", "minItems", "maxItems"]
        let stringKeys = ["minLength", "maxLength", "pattern", "format"]
        let numberKeys = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]
        if objectKeys.contains(where: { s[$0] != nil }) { inferred.append("object") }
        if arrayKeys.contains(where: { s[$0] != nil }) { inferred.append("array") }
        if stringKeys.contains(where: { s[$0] != nil }) { inferred.append("string") }
        if numberKeys.contains(where: { s[$0] != nil }) { inferred.append("number") }
        return inferred.isEmpty ? Self.allTypes.filter { $0 != "integer" } : inferred
    }

    /// `enum` / `const`: the listed values that also satisfy the rest of the schema (checked with the Core
    /// validator), each written as compact JSON.
    mutating func compileEnum(_ s: [String: JSONValue], at pointer: String) throws(SwitchyardError) -> ByteNFA.Fragment
    {
        var values: [JSONValue]
        if case .array(let e)? = s["enum"] {
            values = e
        } else if s["enum"] != nil {
            throw SwitchyardError(code: .invalidSchema, message: "'enum' at \(pointer.shownPointer) must be an array.")
        } else {
            values = []
        }
        if let c = s["const"] { values = s["enum"] == nil ? [c] : values.filter { $0 == c } }
        var rest = s
        rest["enum"] = nil
        rest["const"] = nil
        if rest.keys.contains(where: { !Self.isAnnotation($0) }) {
            if case .object(let r) = root {
                for k in ["$defs", "definitions"] where r[k] != nil && rest[k] == nil { rest[k] = r[k] }
            }
            let check = try JSONSchema(.object(rest))
            values = values.filter { check.isValid($0) }
        }
        var parts: [ByteNFA.Fragment] = []
        for v in values { parts.append(nfa.literal(v.jsonText)) }
        return nfa.choice(parts)
    }
}

extension JSONValue {
    var arrayOfStrings: [String] { arrayValue?.compactMap(\.stringValue) ?? [] }

    var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
}
