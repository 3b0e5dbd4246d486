extension KeywordReader {
    /// type, enum, const and the number, string, array and object assertions.
    func validationKeywords(into result: inout [Keyword]) throws(SwitchyardError) {
        if let type = members["type"] {
            var set: JSONTypeSet = []
            let names: [JSONValue]
            switch type {
            case .string: names = [type]
            case .array(let items) where !items.isEmpty: names = items
            default: throw invalid("type", "must be a type name or an array of type names")
            }
            for name in names {
                guard case .string(let text) = name, let bit = JSONTypeSet(name: text) else {
                    throw invalid("type", "\(SchemaEvaluation.shorten(name.jsonText)) is not a JSON Schema type")
                }
                set.insert(bit)
            }
            result.append(.type(set))
        }
        if let values = members["enum"] {
            guard case .array(let items) = values else { throw invalid("enum", "must be an array") }
            result.append(.enumeration(items))
        }
        if let value = members["const"] { result.append(.constant(value)) }
        if let limit = try number("multipleOf") {
            guard limit.double > 0 else { throw invalid("multipleOf", "must be greater than 0") }
            result.append(.multipleOf(limit))
        }
        if let limit = try number("minimum") { result.append(.minimum(limit)) }
        if let limit = try number("maximum") { result.append(.maximum(limit)) }
        if let limit = try number("exclusiveMinimum") { result.append(.exclusiveMinimum(limit)) }
        if let limit = try number("exclusiveMaximum") { result.append(.exclusiveMaximum(limit)) }
        if let n = try count("minLength") { result.append(.minLength(n)) }
        if let n = try count("maxLength") { result.append(.maxLength(n)) }
        if let pattern = members["pattern"] {
            guard case .string(let source) = pattern else { throw invalid("pattern", "must be a string") }
            result.append(.pattern(try regex(source, "pattern")))
        }
        if let n = try count("minItems") { result.append(.minItems(n)) }
        if let n = try count("maxItems") { result.append(.maxItems(n)) }
        if let unique = members["uniqueItems"] {
            guard case .bool(let flag) = unique else { throw invalid("uniqueItems", "must be a boolean") }
            if flag { result.append(.uniqueItems) }
        }
        if let n = try count("minProperties") { result.append(.minProperties(n)) }
        if let n = try count("maxProperties") { result.append(.maxProperties(n)) }
        if let required = members["required"] {
            let names = try strings("required", required)
            if !names.isEmpty { result.append(.required(names)) }
        }
        if let dependent = members["dependentRequired"] {
            guard case .object(let map) = dependent else {
                throw invalid("dependentRequired", "must be an object of string arrays")
            }
            var pairs: [(property: String, required: [String])] = []
            for name in map.keys.sorted() {
                pairs.append((name, try strings("dependentRequired", map[name]!)))
            }
            result.append(.dependentRequired(pairs))
        }
    }

    /// `$ref` and `$dynamicRef`.
    func referenceKeywords(into result: inout [Keyword]) throws(SwitchyardError) {
        if let ref = members["$ref"] {
            guard case .string(let text) = ref else { throw invalid("$ref", "must be a string") }
            let target = try compiler.resolve(text, from: scope, at: location.appending("$ref"))
            result.append(.ref(try compiler.node(at: target)))
        }
        if let ref = members["$dynamicRef"] {
            guard case .string(let text) = ref else { throw invalid("$dynamicRef", "must be a string") }
            let target = try compiler.resolve(text, from: scope, at: location.appending("$dynamicRef"))
            let fragment = URIReference(text).fragment ?? ""
            var anchor: String?
            if !fragment.isEmpty, !fragment.hasPrefix("/"),
                let document = compiler.documents[target.document],
                JSONPointer.resolve(target.pointer, in: document)?["$dynamicAnchor"] == .string(fragment)
            {
                anchor = fragment
            }
            result.append(.dynamicRef(try compiler.node(at: target), anchor: anchor))
        }
    }
}
