/// Where a (sub)schema lives: a document (by its retrieval URI) and a JSON Pointer inside it.
struct SchemaLocation: Hashable, Sendable {
    var document: String
    var pointer: String

    /// The location of a member or element below this one.
    func appending(_ tokens: String...) -> SchemaLocation {
        var copy = self
        for token in tokens { copy.pointer += "/" + JSONPointer.escape(token) }
        return copy
    }

    /// The location one step up, or `nil` at the document root.
    var parent: SchemaLocation? {
        guard let slash = pointer.lastIndex(of: "/") else { return nil }
        return SchemaLocation(document: document, pointer: String(pointer[..<slash]))
    }
}

/// What a schema location inherits from the schemas around it.
struct SchemaScope: Sendable {
    /// The base URI (no fragment) relative references resolve against.
    var base: String
    /// The vocabularies its resource's metaschema declares.
    var vocabulary: Vocabulary
}

/// Keywords whose values are schemas (the places `$id`, `$anchor` and `$dynamicAnchor` count).
enum SubschemaKeywords {
    static let single = [
        "additionalProperties", "propertyNames", "items", "contains", "not", "if", "then", "else",
        "unevaluatedItems", "unevaluatedProperties", "contentSchema",
    ]
    static let map = ["properties", "patternProperties", "$defs", "dependentSchemas", "dependencies"]
    static let list = ["prefixItems", "allOf", "anyOf", "oneOf"]
}
