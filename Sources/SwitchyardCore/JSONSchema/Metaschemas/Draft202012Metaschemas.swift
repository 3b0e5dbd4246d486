/// The official draft 2020-12 meta-schema (`https://json-schema.org/draft/2020-12/schema`) and its vocabulary
/// meta-schemas (`…/meta/core`, `applicator`, `unevaluated`, `validation`, `meta-data`, `format-annotation`,
/// `format-assertion`, `content`), built in: a `$ref` or `$schema` naming one of them resolves without a
/// registry or the network. A document registered under the same URI in `SchemaRegistry` takes precedence.
enum Draft202012Metaschemas {
    /// The parsed documents by URI (no fragment); parsed once, on first use.
    static let documents: [String: JSONValue] = {
        var parsed: [String: JSONValue] = [:]
        for (uri, text) in texts {
            // The texts are the unchanged published documents: they always parse.
            parsed[uri] = try? JSONValue(parsing: text)
        }
        return parsed
    }()

    /// The built-in document for `uri` (a fragment is ignored), if any.
    static func document(for uri: String) -> JSONValue? {
        documents[URIReference(uri).withoutFragment.text]
    }
}
