import SwitchyardCore

/// Compiles a JSON Schema into a `ByteNFA` whose language is compact JSON text (no whitespace) that validates
/// against the schema. Sound first: every accepted text validates; where exactness would need more than a
/// finite automaton, the language is a documented subset (properties in a fixed order, bounded number sizes).
/// Keywords that cannot be enforced are refused with `unsupported_schema_keyword` naming the keyword's JSON
/// Pointer.
struct JSONSchemaCompiler {
    let root: JSONValue
    let options: JSONSchemaConstraintOptions
    var nfa = ByteNFA()
    /// How many times each `$ref` is being expanded along the current path.
    var expanding: [String: Int] = [:]

    /// Keywords a finite byte automaton cannot enforce (or that this compiler does not).
    static let refused: Set<String> = [
        "multipleOf", "not", "if", "then", "else", "patternProperties", "dependentRequired", "dependentSchemas",
        "dependencies", "contains", "minContains", "maxContains", "propertyNames", "minProperties",
        "maxProperties", "unevaluatedProperties", "unevaluatedItems", "$dynamicRef", "$recursiveRef",
        "additionalItems",
    ]
    /// Keywords that only annotate: ignored when schemas are merged.
    static let annotations: Set<String> = [
        "title", "description", "$comment", "examples", "default", "$schema", "$id", "$defs", "definitions",
        "$anchor", "$dynamicAnchor", "readOnly", "writeOnly", "deprecated", "$vocabulary", "contentMediaType",
        "contentEncoding",
    ]

    init(root: JSONValue, options: JSONSchemaConstraintOptions) {
        self.root = root
        self.options = options
    }

    static func unsupported(_ keyword: String, at pointer: String, _ why: String = "") -> SwitchyardError {
        let location = pointer + "/" + JSONPointer.escape(keyword)
        return SwitchyardError(
            code: .unsupportedSchemaKeyword,
            message: "JSON Schema keyword '\(keyword)' at \(location) cannot be enforced by constrained decoding"
                + (why.isEmpty ? "" : " (\(why))") + "; remove it or validate the output afterwards.",
            details: [location])
    }

    /// The fragment for `schema`, found at `pointer` (for error messages).
    mutating func compile(_ schema: JSONValue, at pointer: String) throws(SwitchyardError) -> ByteNFA.Fragment {
        guard nfa.stateCount <= ByteNFA.stateLimit else {
            throw SwitchyardError(
                code: .constraintTooLarge,
                message: "the schema expands to more than \(ByteNFA.stateLimit) automaton states near \(pointer); "
                    + "use smaller maxLength/maxItems bounds or a lower recursion depth.")
        }
        switch schema {
        case .bool(true): return anyValue(depth: options.freeFormDepth)
        case .bool(false): return nfa.never()
        case .object(let s): return try compileObject(s, at: pointer)
        default:
            throw SwitchyardError(
                code: .invalidSchema,
                message: "the schema at \(pointer.isEmpty ? "(root)" : pointer) is not an "
                    + "object or a boolean.")
        }
    }

    private mutating func compileObject(
        _ s: [String: JSONValue], at pointer: String
    ) throws(SwitchyardError) -> ByteNFA.Fragment {
        for key in s.keys.sorted() where Self.refused.contains(key) { throw Self.unsupported(key, at: pointer) }
        if let u = s["uniqueItems"], u != .bool(false) { throw Self.unsupported("uniqueItems", at: pointer) }
        if case .string(let ref)? = s["$ref"] { return try compileRef(ref, siblings: s, at: pointer) }
        if let oneOf = s["oneOf"] {
            // Exactly one branch matches when the branches' types cannot overlap: then it is an anyOf.
            guard s["anyOf"] == nil, case .array(let branches) = oneOf, try Self.disjointByType(branches) else {
                throw Self.unsupported("oneOf", at: pointer, "only branches with explicit, non-overlapping types")
            }
            var rewritten = s
            rewritten["oneOf"] = nil
            rewritten["anyOf"] = oneOf
            return try compileObject(rewritten, at: pointer)
        }
        if case .array(let all)? = s["allOf"] {
            var merged = s
            merged["allOf"] = nil
            for (k, part) in all.enumerated() {
                merged = try Self.merge(merged, try objectForm(part, at: "\(pointer)/allOf/\(k)"), at: pointer)
            }
            return try compileObject(merged, at: pointer)
        }
        if case .array(let branches)? = s["anyOf"] {
            var siblings = s
            siblings["anyOf"] = nil
            var parts: [ByteNFA.Fragment] = []
            for (k, b) in branches.enumerated() {
                let at = "\(pointer)/anyOf/\(k)"
                if b == .bool(false) { continue }
                parts.append(try compileObject(try Self.merge(siblings, try objectForm(b, at: at), at: at), at: at))
            }
            return nfa.choice(parts)
        }
        if s["enum"] != nil || s["const"] != nil { return try compileEnum(s, at: pointer) }
        var parts: [ByteNFA.Fragment] = []
        for type in try types(of: s, at: pointer) {
            switch type {
            case "null": parts.append(nfa.literal("null"))
            case "boolean": parts.append(nfa.choice([nfa.literal("true"), nfa.literal("false")]))
            case "integer": parts.append(try integer(s, at: pointer))
            case "number": parts.append(try number(s, at: pointer))
            case "string": parts.append(try string(s, at: pointer))
            case "array": parts.append(try array(s, at: pointer))
            case "object": parts.append(try object(s, at: pointer))
            default: throw Self.unsupported("type", at: pointer, "unknown type '\(type)'")
            }
        }
        return nfa.choice(parts)
    }

    /// `{"$ref": r, …siblings}`: the target merged with the siblings, expanded at most
    /// `options.maxRecursionDepth` times along one path (deeper, the branch is cut: an optional property or an
    /// `anyOf` alternative is then simply not taken).
    private mutating func compileRef(
        _ ref: String, siblings: [String: JSONValue], at pointer: String
    ) throws(SwitchyardError) -> ByteNFA.Fragment {
        guard ref.hasPrefix("#"), let target = JSONPointer.resolve(String(ref.dropFirst()), in: root) else {
            throw Self.unsupported("$ref", at: pointer, "only local references such as '#/$defs/name' are supported")
        }
        let depth = expanding[ref, default: 0]
        if depth >= options.maxRecursionDepth { return nfa.never() }
        expanding[ref] = depth + 1
        defer { expanding[ref] = depth }
        var rest = siblings
        rest["$ref"] = nil
        let at = String(ref.dropFirst())
        return try compileObject(try Self.merge(try objectForm(target, at: at), rest, at: pointer), at: at)
    }

    /// Whether every branch states its `type` and (nothing else deciding it) no value can have two of them;
    /// `integer` overlaps `number`.
    static func disjointByType(_ branches: [JSONValue]) throws(SwitchyardError) -> Bool {
        var seen = Set<String>()
        for b in branches {
            guard case .object(let o) = b, let t = o["type"],
                o["$ref"] == nil, o["anyOf"] == nil, o["allOf"] == nil, o["oneOf"] == nil
            else { return false }
            var names = Set(typeNames(t))
            if names.contains("integer") || names.contains("number") { names.formUnion(["integer", "number"]) }
            guard !names.isEmpty, seen.isDisjoint(with: names) else { return false }
            seen.formUnion(names)
        }
        return true
    }

    private func objectForm(_ v: JSONValue, at pointer: String) throws(SwitchyardError) -> [String: JSONValue] {
        switch v {
        case .object(let o): return o
        case .bool(true): return [:]
        case .bool(false): return ["enum": .array([])]
        default: throw SwitchyardError(code: .invalidSchema, message: "the schema at \(pointer) is not an object.")
        }
    }
}
