extension KeywordReader {
    /// properties, patternProperties, additionalProperties, propertyNames, dependentSchemas.
    func objectApplicators(into result: inout [Keyword]) throws(SwitchyardError) {
        let properties = try schemaMap("properties")
        let patternNodes = try schemaMap("patternProperties")
        let additional = members["additionalProperties"] != nil ? try node("additionalProperties") : nil
        if properties != nil || patternNodes != nil || additional != nil {
            var patterns: [(regex: ECMARegex, node: Int)] = []
            for (source, node) in patternNodes ?? [] {
                patterns.append((try regex(source, "patternProperties"), node))
            }
            let named = (properties ?? []).map { (name: $0.0, node: $0.1) }
            result.append(
                .properties(PropertyApplicator(properties: named, patterns: patterns, additional: additional)))
        }
        if members["propertyNames"] != nil { result.append(.propertyNames(try node("propertyNames"))) }
        if let dependent = try schemaMap("dependentSchemas") {
            result.append(.dependentSchemas(dependent.map { (property: $0.0, node: $0.1) }))
        }
    }

    /// prefixItems, items, contains (with minContains/maxContains).
    func arrayApplicators(into result: inout [Keyword]) throws(SwitchyardError) {
        if case .array = members["items"] ?? .null {
            throw invalid("items", "must be a schema; for a tuple use prefixItems (draft 2020-12)")
        }
        let prefix = try schemaList("prefixItems")
        let rest = members["items"] != nil ? try node("items") : nil
        if prefix != nil || rest != nil { result.append(.items(prefix: prefix ?? [], rest: rest)) }
        if members["contains"] != nil {
            let contains = try node("contains")
            let useCounts = scope.vocabulary.contains(.validation)
            let minimum = useCounts ? try count("minContains") ?? 1 : 1
            let maximum = useCounts ? try count("maxContains") : nil
            result.append(.contains(node: contains, min: minimum, max: maximum))
        }
    }

    /// allOf, anyOf, oneOf, not, if/then/else.
    func logicApplicators(into result: inout [Keyword]) throws(SwitchyardError) {
        if let nodes = try schemaList("allOf") { result.append(.allOf(nodes)) }
        if let nodes = try schemaList("anyOf") { result.append(.anyOf(nodes)) }
        if let nodes = try schemaList("oneOf") { result.append(.oneOf(nodes)) }
        if members["not"] != nil { result.append(.not(try node("not"))) }
        if members["if"] != nil {
            let thenNode = members["then"] != nil ? try node("then") : nil
            let elseNode = members["else"] != nil ? try node("else") : nil
            let ifNode = try node("if")
            result.append(.conditional(if: ifNode, then: thenNode, else: elseNode))
        }
    }
}
