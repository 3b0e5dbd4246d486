/// The 2020-12 vocabularies a schema resource uses, from its metaschema's `$vocabulary`.
struct Vocabulary: OptionSet, Sendable {
    let rawValue: UInt8
    static let core = Vocabulary(rawValue: 1)
    static let applicator = Vocabulary(rawValue: 2)
    static let validation = Vocabulary(rawValue: 4)
    static let unevaluated = Vocabulary(rawValue: 8)
    static let formatAssertion = Vocabulary(rawValue: 16)
    static let other = Vocabulary(rawValue: 32)  // meta-data, content, format-annotation: annotations only

    /// What a schema without `$schema`, or with the standard 2020-12 metaschema, gets.
    static let standard: Vocabulary = [.core, .applicator, .validation, .unevaluated, .other]

    static let byURI: [String: Vocabulary] = [
        "https://json-schema.org/draft/2020-12/vocab/core": .core,
        "https://json-schema.org/draft/2020-12/vocab/applicator": .applicator,
        "https://json-schema.org/draft/2020-12/vocab/validation": .validation,
        "https://json-schema.org/draft/2020-12/vocab/unevaluated": .unevaluated,
        "https://json-schema.org/draft/2020-12/vocab/format-assertion": .formatAssertion,
        "https://json-schema.org/draft/2020-12/vocab/format-annotation": .other,
        "https://json-schema.org/draft/2020-12/vocab/meta-data": .other,
        "https://json-schema.org/draft/2020-12/vocab/content": .other,
    ]

    /// The vocabularies a metaschema declares; throws for a required vocabulary this validator does not know.
    static func declared(by metaschema: JSONValue, uri: String) throws(SwitchyardError) -> Vocabulary {
        guard case .object(let declared) = metaschema["$vocabulary"] ?? .null else { return .standard }
        var result: Vocabulary = [.core]
        for (vocabularyURI, required) in declared {
            if let known = byURI[vocabularyURI] {
                result.insert(known)
            } else if required == .bool(true) {
                throw SwitchyardError(
                    code: .invalidSchema,
                    message:
                        "metaschema \(uri) requires vocabulary \(vocabularyURI), which this validator does not support"
                )
            }
        }
        return result
    }
}
