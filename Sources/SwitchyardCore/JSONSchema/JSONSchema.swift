/// A compiled JSON Schema (draft 2020-12): parse and check a schema once, then validate many instances.
///
/// ```swift
/// let schema = try JSONSchema(["type": "object", "required": ["name"]])
/// for error in schema.validate(["nam": "typo"]) { print(error) }  // (root): missing required property 'name'
/// ```
///
/// Compiling resolves every `$ref`, compiles every regular expression and checks keyword types, so a schema
/// that compiles never fails later; `validate` walks the instance without re-parsing anything. A compiled
/// schema is an immutable value, safe to share across tasks.
public struct JSONSchema: Sendable {
    let program: SchemaProgram

    /// Compiles `schema`; throws `SwitchyardError` with code `invalid_schema` naming the location of the first
    /// problem (a keyword of the wrong type, an unresolvable `$ref`, an invalid regular expression …).
    ///
    /// - Parameters:
    ///   - schema: The schema document (draft 2020-12).
    ///   - options: Format assertion, extra documents for `$ref`, the base URI.
    /// - Throws: `SwitchyardError` with code `invalid_schema`.
    public init(_ schema: JSONValue, options: Options = .default) throws(SwitchyardError) {
        self.program = try SchemaCompiler(options: options).compile(schema)
    }

    /// Parses JSON text and compiles it; malformed JSON is an `invalid_schema` error too.
    ///
    /// - Parameters:
    ///   - text: The schema as JSON text.
    ///   - options: Format assertion, extra documents for `$ref`, the base URI.
    /// - Throws: `SwitchyardError` with code `invalid_schema`.
    public init(parsing text: String, options: Options = .default) throws(SwitchyardError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            throw SwitchyardError(code: .invalidSchema, message: "the schema is not valid JSON", cause: error)
        }
        try self.init(value, options: options)
    }

    /// Every way `instance` fails the schema, in a stable order; empty when it is valid.
    ///
    /// - Parameter instance: The value to validate.
    public func validate(_ instance: JSONValue) -> [SchemaError] {
        // The quick pass stops at the first failure and tracks no paths; only invalid instances pay for a report.
        if isValid(instance) { return [] }
        let run = SchemaEvaluation(program: program, reportErrors: true)
        _ = run.evaluateRoot(instance)
        return run.errors
    }

    /// Throws `SwitchyardError` with code `schema_validation_failed` when `instance` is invalid: the message
    /// names `subject` ("tool arguments", "request body") and `details` lists every error as `pointer: message`.
    ///
    /// - Parameters:
    ///   - instance: The value to validate.
    ///   - subject: What the value is, for the message.
    /// - Throws: `SwitchyardError` with code `schema_validation_failed`.
    public func check(_ instance: JSONValue, subject: String = "the value") throws(SwitchyardError) {
        let errors = validate(instance)
        guard !errors.isEmpty else { return }
        throw SwitchyardError(
            code: .schemaValidationFailed,
            message:
                "\(subject) does not match its schema (\(errors.count == 1 ? "1 error" : "\(errors.count) errors"))",
            details: errors.map(\.description))
    }

    /// Whether `instance` is valid; cheaper than `validate` since it stops at the first failure.
    ///
    /// - Parameter instance: The value to validate.
    public func isValid(_ instance: JSONValue) -> Bool {
        SchemaEvaluation(program: program, reportErrors: false).evaluateRoot(instance)
    }
}

/// What compilation produces: the nodes, the schema resources for the dynamic scope, and the root.
struct SchemaProgram: Sendable {
    var nodes: [SchemaNode]
    var resources: [SchemaResource]
    var root: Int
    /// Whether any `$dynamicRef` resolves dynamically; only then does evaluation track the dynamic scope.
    var usesDynamicScope: Bool
}
