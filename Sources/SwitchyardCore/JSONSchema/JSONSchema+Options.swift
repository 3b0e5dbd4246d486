extension JSONSchema {
    /// How a schema is compiled; grows without breaking callers (use the static members or `var`s).
    public struct Options: Sendable {
        /// Check `format` (date-time, email, ipv4, uri, uuid, …) instead of treating it as an annotation.
        /// 2020-12 makes format an annotation by default; a metaschema with the format-assertion vocabulary
        /// turns assertion on too.
        public var assertFormats: Bool
        /// Documents `$ref` and `$schema` may point at by URI (other schemas, metaschemas). Nothing is fetched
        /// over the network.
        public var registry: SchemaRegistry
        /// The base URI of a schema without `$id`, for resolving its relative references.
        public var baseURI: String

        /// Options with every setting spelled out.
        ///
        /// - Parameters:
        ///   - assertFormats: Whether `format` is an assertion (fails invalid values) instead of an annotation.
        ///   - registry: Documents `$ref` may resolve to besides the schema itself (the 2020-12 meta-schemas are always
        ///     known).
        ///   - baseURI: The URI relative references resolve against when the schema has no `$id`.
        public init(
            assertFormats: Bool = false, registry: SchemaRegistry = SchemaRegistry(),
            baseURI: String = "urn:switchyard:schema"
        ) {
            self.assertFormats = assertFormats
            self.registry = registry
            self.baseURI = baseURI
        }

        /// Formats are annotations, no other documents, the default base URI.
        public static var `default`: Options { Options() }

        /// Like `default`, but `format` is asserted.
        public static var assertingFormats: Options { Options(assertFormats: true) }
    }
}
