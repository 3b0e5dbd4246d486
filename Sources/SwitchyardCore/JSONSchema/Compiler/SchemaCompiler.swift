import Foundation

/// Turns a schema document into a `SchemaProgram`: finds every resource (`$id`) and anchor, then compiles
/// nodes on demand from the root, following `$ref`s (cycles become node indices).
final class SchemaCompiler {
    let options: JSONSchema.Options
    /// Loaded documents by retrieval URI: the root and registry documents that were referenced.
    var documents: [String: JSONValue] = [:]
    var scopes: [SchemaLocation: SchemaScope] = [:]
    var resourceLocations: [String: SchemaLocation] = [:]
    var anchorLocations: [String: SchemaLocation] = [:]
    var dynamicAnchorLocations: [String: [String: SchemaLocation]] = [:]
    var nodes: [SchemaNode] = []
    var nodeIndex: [SchemaLocation: Int] = [:]
    var resources: [SchemaResource] = []
    var resourceIndex: [String: Int] = [:]
    var rootDocument = ""

    init(options: JSONSchema.Options) {
        self.options = options
    }

    func compile(_ schema: JSONValue) throws(SwitchyardError) -> SchemaProgram {
        rootDocument = URIReference(options.baseURI).withoutFragment.text
        let location = SchemaLocation(document: rootDocument, pointer: "")
        documents[rootDocument] = schema
        resourceLocations[rootDocument] = location
        try scan(schema, at: location, scope: SchemaScope(base: rootDocument, vocabulary: .standard), isRoot: true)
        let root = try node(at: location)
        try linkDynamicAnchors()
        let dynamic = nodes.contains { node in
            guard case .keywords(let keywords) = node.body else { return false }
            return keywords.contains {
                if case .dynamicRef(_, let anchor?) = $0 { return !anchor.isEmpty }
                return false
            }
        }
        return SchemaProgram(nodes: nodes, resources: resources, root: root, usesDynamicScope: dynamic)
    }

    // MARK: Finding resources and anchors

    /// Records the scope of every schema position under `value`, with the resources and anchors it declares.
    func scan(_ value: JSONValue, at location: SchemaLocation, scope: SchemaScope, isRoot: Bool) throws(SwitchyardError)
    {
        guard case .object(let members) = value else {
            scopes[location] = scope
            return
        }
        var scope = scope
        var isResource = isRoot
        if case .string(let id) = members["$id"] ?? .null, !id.hasPrefix("#") {
            scope.base = URIReference(id).resolved(against: URIReference(scope.base)).withoutFragment.text
            resourceLocations[scope.base] = location
            isResource = true
        }
        if isResource, case .string(let metaschema) = members["$schema"] ?? .null {
            scope.vocabulary = try vocabulary(ofMetaschema: metaschema)
        }
        scopes[location] = scope
        if case .string(let anchor) = members["$anchor"] ?? .null {
            anchorLocations[scope.base + "#" + anchor] = location
        }
        if case .string(let anchor) = members["$dynamicAnchor"] ?? .null {
            anchorLocations[scope.base + "#" + anchor] = location
            dynamicAnchorLocations[scope.base, default: [:]][anchor] = location
        }
        for keyword in SubschemaKeywords.single {
            if let child = members[keyword] {
                try scan(child, at: location.appending(keyword), scope: scope, isRoot: false)
            }
        }
        for keyword in SubschemaKeywords.map {
            if case .object(let children) = members[keyword] ?? .null {
                for (name, child) in children {
                    try scan(child, at: location.appending(keyword, name), scope: scope, isRoot: false)
                }
            }
        }
        for keyword in SubschemaKeywords.list {
            if case .array(let children) = members[keyword] ?? .null {
                for (i, child) in children.enumerated() {
                    try scan(child, at: location.appending(keyword, String(i)), scope: scope, isRoot: false)
                }
            }
        }
    }

    private func vocabulary(ofMetaschema uri: String) throws(SwitchyardError) -> Vocabulary {
        guard let metaschema = options.registry.document(for: uri) else { return .standard }
        return try Vocabulary.declared(by: metaschema, uri: uri)
    }

    // MARK: Resolving references

    /// The location a `$ref`/`$dynamicRef` value points at, loading registry documents as needed.
    func resolve(
        _ reference: String, from scope: SchemaScope, at location: SchemaLocation
    ) throws(SwitchyardError)
        -> SchemaLocation
    {
        let uri = URIReference(reference).resolved(against: URIReference(scope.base))
        let resourceURI = uri.withoutFragment.text
        let fragment = uri.fragment ?? ""
        guard let resource = try resourceLocation(resourceURI) else {
            throw invalid(at: location, "cannot resolve '\(reference)': no schema has URI \(resourceURI)")
        }
        if fragment.isEmpty { return resource }
        if fragment.hasPrefix("/") {
            let pointer = fragment.removingPercentEncoding ?? fragment
            let target = SchemaLocation(document: resource.document, pointer: resource.pointer + pointer)
            guard let document = documents[target.document], JSONPointer.resolve(target.pointer, in: document) != nil
            else {
                throw invalid(at: location, "cannot resolve '\(reference)': nothing at #\(pointer) in \(resourceURI)")
            }
            return target
        }
        guard let anchored = anchorLocations[resourceURI + "#" + fragment] else {
            throw invalid(at: location, "cannot resolve '\(reference)': no anchor '\(fragment)' in \(resourceURI)")
        }
        return anchored
    }

    private func resourceLocation(_ uri: String) throws(SwitchyardError) -> SchemaLocation? {
        if let known = resourceLocations[uri] { return known }
        guard documents[uri] == nil, let document = options.registry.document(for: uri) else { return nil }
        let location = SchemaLocation(document: uri, pointer: "")
        documents[uri] = document
        resourceLocations[uri] = location
        try scan(document, at: location, scope: SchemaScope(base: uri, vocabulary: .standard), isRoot: true)
        return location
    }

    // MARK: Nodes

    /// The node for the schema at `location`, compiling it (and what it needs) the first time.
    func node(at location: SchemaLocation) throws(SwitchyardError) -> Int {
        if let index = nodeIndex[location] { return index }
        guard let document = documents[location.document],
            let value = JSONPointer.resolve(location.pointer, in: document)
        else { throw invalid(at: location, "no schema here") }
        if scopes[location] == nil {
            try scan(value, at: location, scope: inheritedScope(location), isRoot: false)
        }
        let scope = scopes[location]!
        let index = nodes.count
        nodes.append(.placeholder)
        nodeIndex[location] = index
        nodes[index] = try compileNode(value, at: location, scope: scope)
        return index
    }

    private func inheritedScope(_ location: SchemaLocation) -> SchemaScope {
        var current = location.parent
        while let here = current {
            if let scope = scopes[here] { return scope }
            current = here.parent
        }
        return SchemaScope(base: location.document, vocabulary: .standard)
    }

    func resource(for uri: String) -> Int {
        if let index = resourceIndex[uri] { return index }
        resources.append(SchemaResource(uri: uri))
        resourceIndex[uri] = resources.count - 1
        return resources.count - 1
    }

    /// Compiles every `$dynamicAnchor` of every resource a node belongs to, so `$dynamicRef` can find them.
    private func linkDynamicAnchors() throws(SwitchyardError) {
        var changed = true
        while changed {
            changed = false
            var i = 0
            while i < resources.count {
                for (name, location) in dynamicAnchorLocations[resources[i].uri] ?? [:]
                where resources[i].dynamicAnchors[name] == nil {
                    let target = try node(at: location)
                    resources[i].dynamicAnchors[name] = target
                    changed = true
                }
                i += 1
            }
        }
    }

    /// An `invalid_schema` error naming the location.
    func invalid(at location: SchemaLocation, _ message: String) -> SwitchyardError {
        let place =
            location.document == rootDocument ? "#\(location.pointer)" : "\(location.document)#\(location.pointer)"
        return SwitchyardError(code: .invalidSchema, message: "invalid schema at \(place): \(message)")
    }
}
