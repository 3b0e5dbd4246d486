extension KeywordReader {
    /// Draft 7's `dependencies`, which 2020-12 split into `dependentRequired` (array values) and
    /// `dependentSchemas` (schema values); still honoured so older schemas keep working.
    func legacyDependencies(into result: inout [Keyword]) throws(SwitchyardError) {
        guard let dependencies = members["dependencies"] else { return }
        guard case .object(let map) = dependencies else {
            throw invalid("dependencies", "must be an object of string arrays or schemas")
        }
        var required: [(property: String, required: [String])] = []
        var schemas: [(property: String, node: Int)] = []
        for name in map.keys.sorted() {
            if case .array = map[name]! {
                required.append((name, try strings("dependencies", map[name]!)))
            } else {
                schemas.append((name, try node("dependencies", name)))
            }
        }
        if !required.isEmpty { result.append(.dependentRequired(required)) }
        if !schemas.isEmpty { result.append(.dependentSchemas(schemas)) }
    }
}
