import SwitchyardCore

extension JSONSchemaCompiler: NFABuilder {
    mutating func epsilon() -> ByteNFA.Fragment { nfa.epsilon() }
    mutating func literal(_ bytes: [UInt8]) -> ByteNFA.Fragment { nfa.literal(bytes) }
    mutating func sequence(_ parts: [ByteNFA.Fragment]) -> ByteNFA.Fragment { nfa.sequence(parts) }
    mutating func optional(_ part: ByteNFA.Fragment) -> ByteNFA.Fragment { nfa.optional(part) }
    mutating func star(_ part: ByteNFA.Fragment) -> ByteNFA.Fragment { nfa.star(part) }

    /// An object: the properties in a fixed order (the `required` list first, in its order, then the other
    /// properties alphabetically), required ones always present, optional ones skippable. With
    /// `additionalProperties: false` or not, only listed properties are written (a valid subset); a schema
    /// with no properties at all gives a free-form object whose keys are `[A-Za-z0-9_]{1,32}`.
    mutating func object(_ s: [String: JSONValue], at pointer: String) throws(SwitchyardError) -> ByteNFA.Fragment {
        var props: [String: JSONValue] = [:]
        if case .object(let p)? = s["properties"] { props = p }
        let required = s["required"]?.arrayOfStrings ?? []
        let additional = s["additionalProperties"]
        if props.isEmpty && required.isEmpty {
            if additional == .bool(false) { return nfa.literal("{}") }
            return try freeFormObject(values: additional, at: pointer + "/additionalProperties")
        }
        var order: [(name: String, schema: JSONValue, required: Bool, at: String)] = []
        for name in required where !order.contains(where: { $0.name == name }) {
            if let schema = props[name] {
                order.append((name, schema, true, "\(pointer)/properties/\(JSONPointer.escape(name))"))
            } else {
                order.append((name, additional ?? .bool(true), true, "\(pointer)/additionalProperties"))
            }
        }
        for name in props.keys.sorted() where !required.contains(name) {
            order.append((name, props[name]!, false, "\(pointer)/properties/\(JSONPointer.escape(name))"))
        }
        // Built from the end: `first` is entered before any member was written, `rest` after one was.
        let done = nfa.newState()
        let close = nfa.literal("}")
        nfa.connect(close.end, done)
        var nextFirst = close.start, nextRest = close.start
        for p in order.reversed() {
            let key = nfa.literal(JSONValue.string(p.name).jsonText + ":")
            let value = try compile(p.schema, at: p.at)
            let member = nfa.sequence([key, value])
            nfa.connect(member.end, nextRest)
            let comma = nfa.literal(",")
            nfa.connect(comma.end, member.start)
            let first = nfa.newState(), rest = nfa.newState()
            nfa.connect(first, member.start)
            nfa.connect(rest, comma.start)
            if !p.required {
                nfa.connect(first, nextFirst)
                nfa.connect(rest, nextRest)
            }
            nextFirst = first
            nextRest = rest
        }
        let open = nfa.literal("{")
        nfa.connect(open.end, nextFirst)
        return ByteNFA.Fragment(start: open.start, end: done)
    }

    private mutating func freeFormObject(
        values: JSONValue?, at pointer: String
    ) throws(SwitchyardError) -> ByteNFA.Fragment {
        let open = nfa.literal("{")
        let members = try separated(min: 0, max: options.maxArrayItems, separator: Array(",".utf8)) {
            (c: inout JSONSchemaCompiler) throws(SwitchyardError) -> ByteNFA.Fragment in
            let key = c.memberName()
            let value = try c.compile(values ?? .bool(true), at: pointer)
            return c.nfa.sequence([key, value])
        }
        return nfa.sequence([open, members, nfa.literal("}")])
    }

    /// `"name":` with a name of 1–32 word characters.
    private mutating func memberName() -> ByteNFA.Fragment {
        let q1 = nfa.literal("\"")
        let name = nfa.repeating(min: 1, max: 32) { $0.character(in: .word, jsonString: true) }
        return nfa.sequence([q1, name, nfa.literal("\":")])
    }

    /// An array: `prefixItems` in order, then `items`, within minItems…maxItems.
    mutating func array(_ s: [String: JSONValue], at pointer: String) throws(SwitchyardError) -> ByteNFA.Fragment {
        let minItems = try count("minItems", s, at: pointer) ?? 0
        let maxItems = try count("maxItems", s, at: pointer) ?? options.maxArrayItems
        if let maxItems, maxItems < minItems { return nfa.never() }
        let prefix = s["prefixItems"]?.arrayValue ?? []
        let items = s["items"] ?? .bool(true)
        let body = try elements(from: 0, prefix: prefix, items: items, min: minItems, max: maxItems, at: pointer)
        return nfa.sequence([nfa.literal("["), body, nfa.literal("]")])
    }

    /// Elements `index…` of an array, each after a comma unless it is the first.
    private mutating func elements(
        from index: Int, prefix: [JSONValue], items: JSONValue, min: Int, max: Int?, at pointer: String
    ) throws(SwitchyardError) -> ByteNFA.Fragment {
        if let max, index >= max { return nfa.epsilon() }
        if index < prefix.count {
            let comma = index > 0 ? nfa.literal(",") : nfa.epsilon()
            let element = try compile(prefix[index], at: "\(pointer)/prefixItems/\(index)")
            let rest = try elements(from: index + 1, prefix: prefix, items: items, min: min, max: max, at: pointer)
            let present = nfa.sequence([comma, element, rest])
            return index < min ? present : nfa.optional(present)
        }
        if items == .bool(false) { return index >= min ? nfa.epsilon() : nfa.never() }
        let at = pointer + "/items"
        let remainingMin = Swift.max(min - index, 0), remainingMax = max.map { $0 - index }
        if index == 0 {
            return try separated(min: remainingMin, max: remainingMax, separator: Array(",".utf8)) {
                (c: inout JSONSchemaCompiler) throws(SwitchyardError) -> ByteNFA.Fragment in
                try c.compile(items, at: at)
            }
        }
        return try repeating(min: remainingMin, max: remainingMax) {
            (c: inout JSONSchemaCompiler) throws(SwitchyardError) -> ByteNFA.Fragment in
            let comma = c.nfa.literal(",")
            return c.nfa.sequence([comma, try c.compile(items, at: at)])
        }
    }

    /// Any JSON value, containers nested at most `depth` levels (strings and numbers as for `{}` schemas).
    mutating func anyValue(depth: Int) -> ByteNFA.Fragment {
        var parts = [
            nfa.literal("null"), nfa.literal("true"), nfa.literal("false"),
            signedInteger(-Self.numberCap, Self.numberCap),
        ]
        let q1 = nfa.literal("\"")
        let body = nfa.repeating(min: 0, max: options.maxStringLength) {
            $0.character(in: Self.anyCharacter, jsonString: true)
        }
        parts.append(nfa.sequence([q1, body, nfa.literal("\"")]))
        if depth > 0 {
            let open = nfa.literal("[")
            let list = separated(min: 0, max: options.maxArrayItems, separator: Array(",".utf8)) {
                $0.anyValue(depth: depth - 1)
            }
            parts.append(nfa.sequence([open, list, nfa.literal("]")]))
            let open2 = nfa.literal("{")
            let members = separated(min: 0, max: options.maxArrayItems, separator: Array(",".utf8)) {
                (c: inout JSONSchemaCompiler) -> ByteNFA.Fragment in
                let key = c.memberName()
                return c.nfa.sequence([key, c.anyValue(depth: depth - 1)])
            }
            parts.append(nfa.sequence([open2, members, nfa.literal("}")]))
        }
        return nfa.choice(parts)
    }
}
