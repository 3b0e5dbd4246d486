/// Schema documents known by URI, for `$ref`s to other documents and for `$schema` metaschemas.
///
/// Register each document under its retrieval URI, or let `register` take the document's own `$id`.
public struct SchemaRegistry: Sendable {
    private var documents: [String: JSONValue] = [:]

    /// An empty registry.
    public init() {}

    /// Adds `document` under `uri`, or under its `$id` when `uri` is `nil`; a fragment is ignored.
    /// Throws `invalid_schema` when there is neither.
    ///
    /// - Parameters:
    ///   - document: A schema document.
    ///   - uri: The URI `$ref` names it by; `nil` takes the document's `$id`.
    /// - Throws: `SwitchyardError` with code `invalid_schema` when there is no URI.
    public mutating func register(_ document: JSONValue, uri: String? = nil) throws(SwitchyardError) {
        guard let key = uri ?? document["$id"]?.stringValue else {
            throw SwitchyardError(
                code: .invalidSchema, message: "a registered schema needs a URI: pass uri: or give it an $id")
        }
        documents[URIReference(key).withoutFragment.text] = document
    }

    /// The document registered under `uri` (without fragment), if any.
    ///
    /// - Parameter uri: An absolute URI; a fragment is ignored.
    public func document(for uri: String) -> JSONValue? {
        documents[URIReference(uri).withoutFragment.text]
    }

    /// How many documents are registered.
    public var count: Int { documents.count }
}
