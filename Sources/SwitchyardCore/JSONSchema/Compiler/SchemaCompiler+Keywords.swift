extension SchemaCompiler {
    /// Compiles one schema object's keywords, checking each value's type.
    func compileNode(
        _ value: JSONValue, at location: SchemaLocation, scope: SchemaScope
    ) throws(SwitchyardError)
        -> SchemaNode
    {
        let resource = resource(for: scope.base)
        switch value {
        case .bool(true): return SchemaNode(body: .alwaysValid, resource: resource, collectsAnnotations: false)
        case .bool(false): return SchemaNode(body: .alwaysInvalid, resource: resource, collectsAnnotations: false)
        case .object(let members):
            let reader = KeywordReader(compiler: self, members: members, location: location, scope: scope)
            let keywords = try reader.keywords()
            let collects = keywords.contains {
                switch $0 {
                case .unevaluatedItems, .unevaluatedProperties: true
                default: false
                }
            }
            return SchemaNode(body: .keywords(keywords), resource: resource, collectsAnnotations: collects)
        default:
            throw invalid(at: location, "a schema must be an object or a boolean, got \(JSONTypeSet.name(of: value))")
        }
    }
}

/// Reads the keywords of one schema object, in evaluation order.
struct KeywordReader {
    let compiler: SchemaCompiler
    let members: [String: JSONValue]
    let location: SchemaLocation
    let scope: SchemaScope

    func keywords() throws(SwitchyardError) -> [Keyword] {
        var result: [Keyword] = []
        let vocabulary = scope.vocabulary
        for keyword in ["$id", "$schema", "$anchor", "$dynamicAnchor", "$comment"] {
            if let value = members[keyword], value.stringValue == nil { throw invalid(keyword, "must be a string") }
        }
        if let id = members["$id"]?.stringValue, let fragment = URIReference(id).fragment, !fragment.isEmpty {
            throw invalid("$id", "must not have a fragment (\(MessageText.quote(id))); use $anchor to name a subschema")
        }
        if vocabulary.contains(.validation) { try validationKeywords(into: &result) }
        if let format = members["format"] {
            guard case .string(let name) = format else { throw invalid("format", "must be a string") }
            if options.assertFormats || vocabulary.contains(.formatAssertion), let checker = FormatChecker.named(name) {
                result.append(.format(name, checker))
            }
        }
        try referenceKeywords(into: &result)
        if vocabulary.contains(.applicator) {
            try objectApplicators(into: &result)
            try arrayApplicators(into: &result)
            try logicApplicators(into: &result)
            try legacyDependencies(into: &result)
        }
        if case .object(let definitions) = members["$defs"] ?? .null {
            for name in definitions.keys.sorted() { _ = try node("$defs", name) }
        } else if members["$defs"] != nil {
            throw invalid("$defs", "must be an object of schemas")
        }
        if vocabulary.contains(.unevaluated) {
            if members["unevaluatedProperties"] != nil {
                result.append(.unevaluatedProperties(try node("unevaluatedProperties")))
            }
            if members["unevaluatedItems"] != nil { result.append(.unevaluatedItems(try node("unevaluatedItems"))) }
        }
        return result
    }

    var options: JSONSchema.Options { compiler.options }

    // MARK: Helpers

    func invalid(_ keyword: String, _ message: String) -> SwitchyardError {
        compiler.invalid(at: location.appending(keyword), message)
    }

    func node(_ tokens: String...) throws(SwitchyardError) -> Int {
        var target = location
        for token in tokens { target = target.appending(token) }
        return try compiler.node(at: target)
    }

    func count(_ keyword: String) throws(SwitchyardError) -> Int? {
        guard let value = members[keyword] else { return nil }
        switch value {
        case .int(let i) where i >= 0: return i
        case .double(let d) where d >= 0 && d.rounded() == d && d < 9e15: return Int(d)
        default:
            throw invalid(keyword, "must be a non-negative integer, got \(SchemaEvaluation.shorten(value.jsonText))")
        }
    }

    func number(_ keyword: String) throws(SwitchyardError) -> JSONNumber.Limit? {
        guard let value = members[keyword] else { return nil }
        guard let limit = JSONNumber.Limit(value) else {
            throw invalid(keyword, "must be a number, got \(SchemaEvaluation.shorten(value.jsonText))")
        }
        return limit
    }

    func strings(_ keyword: String, _ value: JSONValue) throws(SwitchyardError) -> [String] {
        guard case .array(let items) = value else { throw invalid(keyword, "must be an array of strings") }
        var result: [String] = []
        for item in items {
            guard case .string(let s) = item else { throw invalid(keyword, "must be an array of strings") }
            result.append(s)
        }
        return result
    }

    func schemaList(_ keyword: String) throws(SwitchyardError) -> [Int]? {
        guard let value = members[keyword] else { return nil }
        guard case .array(let items) = value, !items.isEmpty else {
            throw invalid(keyword, "must be a non-empty array of schemas")
        }
        var result: [Int] = []
        for i in items.indices { result.append(try node(keyword, String(i))) }
        return result
    }

    func schemaMap(_ keyword: String) throws(SwitchyardError) -> [(String, Int)]? {
        guard let value = members[keyword] else { return nil }
        guard case .object(let map) = value else { throw invalid(keyword, "must be an object of schemas") }
        var result: [(String, Int)] = []
        for name in map.keys.sorted() { result.append((name, try node(keyword, name))) }
        return result
    }

    func regex(_ source: String, _ keyword: String) throws(SwitchyardError) -> ECMARegex {
        do {
            return try ECMARegex(source)
        } catch {
            throw invalid(keyword, "\(MessageText.quote(source)) is not a supported regular expression")
        }
    }
}
