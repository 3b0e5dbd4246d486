import SwitchyardCore

/// What a generation's output must match: a JSON Schema, a regular expression or a choice among fixed
/// strings, compiled once into a byte automaton that `Generator` uses to mask logits before sampling.
///
/// ```swift
/// let constraint = try DecodingConstraint.jsonSchema(["type": "object", "required": ["city"],
///                                                     "properties": ["city": ["type": "string"]]])
/// var options = GenerationOptions(maxTokens: 64)
/// options.constraint = constraint
/// ```
///
/// A constraint is an immutable value backed by a shared, thread-safe automaton whose states and token masks
/// are built lazily and cached: compile it once and reuse it across generations (and models: masks are kept
/// for the last vocabulary used). Schemas or patterns the decoder cannot enforce exactly are refused when
/// compiled (`unsupported_schema_keyword`, `unsupported_regex`), never answered with invalid output.
public struct DecodingConstraint: Sendable {
    let automaton: ConstraintAutomaton
    /// What is enforced, for logs and errors: `json_schema`, `regex`, `choice` or `tool_call`.
    public let kind: String

    init(automaton: ConstraintAutomaton, kind: String) {
        self.automaton = automaton
        self.kind = kind
    }

    /// Output that is compact JSON (no whitespace) valid against `schema`.
    ///
    /// Enforced: `type` (also unions), `enum`, `const`, `properties`, `required`, `additionalProperties`,
    /// `items`, `prefixItems`, `minItems`, `maxItems`, `minLength`, `maxLength`, `pattern` (see `regex`; with
    /// length bounds, intersected with them), `format` (date, time, date-time, uuid, byte; other formats are
    /// annotations), `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `anyOf`, `allOf`, `oneOf`
    /// (each branch keeps the types no other branch accepts), local `$ref`/`$defs` (recursion cut at
    /// `options.maxRecursionDepth`). Annotations, `x-…` extension keywords included, are ignored. Nested
    /// subschemas compile once each and expand lazily, as generation reaches them. Refused
    /// (`unsupported_schema_keyword` with the keyword's pointer): `oneOf`s whose branches share every type,
    /// `not`, `if`/`then`/`else`, `uniqueItems`, `multipleOf`, `contains`, `patternProperties`,
    /// `propertyNames`, `dependentRequired`, `dependentSchemas`, `minProperties`, `maxProperties`,
    /// `unevaluated*`, `$dynamicRef`, and a pattern together with an enforced format.
    /// Throws `invalid_schema` for a schema the validator rejects.
    ///
    /// - Parameters:
    ///   - schema: The JSON Schema (draft 2020-12).
    ///   - options: Limits that keep recursion and free-form values finite.
    /// - Throws: `SwitchyardError`: `invalid_schema`, or `unsupported_schema_keyword` with the keyword's pointer.
    public static func jsonSchema(
        _ schema: JSONValue, options: JSONSchemaConstraintOptions = JSONSchemaConstraintOptions()
    ) throws(SwitchyardError) -> DecodingConstraint {
        _ = try JSONSchema(schema)
        var compiler = JSONSchemaCompiler(root: schema, options: options)
        let fragment = try compiler.compile(schema, at: "")
        return DecodingConstraint(
            automaton: try ConstraintAutomaton(
                compiler.nfa, fragment, templates: compiler.templates.frozen, what: "the JSON schema"),
            kind: "json_schema")
    }

    /// Parses `text` as a JSON Schema (malformed JSON is `invalid_schema`) and compiles it.
    ///
    /// - Parameters:
    ///   - text: The JSON Schema as JSON text.
    ///   - options: Limits that keep recursion and free-form values finite.
    /// - Throws: `SwitchyardError`: `invalid_schema`, or `unsupported_schema_keyword` with the keyword's pointer.
    public static func jsonSchema(
        parsing text: String, options: JSONSchemaConstraintOptions = JSONSchemaConstraintOptions()
    ) throws(SwitchyardError) -> DecodingConstraint {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            throw SwitchyardError(code: .invalidSchema, message: "the schema is not valid JSON", cause: error)
        }
        return try jsonSchema(value, options: options)
    }

    /// Output that matches `pattern` as a whole (anchors are implicit). See `RegexParser` for the subset;
    /// backreferences, lookaround and word boundaries are refused with `unsupported_regex`.
    ///
    /// - Parameter pattern: The regular expression (ECMA-262 subset).
    /// - Throws: `SwitchyardError`: `invalid_regex` or `unsupported_regex`.
    public static func regex(_ pattern: String) throws(SwitchyardError) -> DecodingConstraint {
        let parsed = try RegexParser.parse(pattern)
        var nfa = ByteNFA()
        let fragment = parsed.node.build(into: &nfa, jsonString: false)
        return DecodingConstraint(
            automaton: try ConstraintAutomaton(nfa, fragment, what: "the regex \(pattern.quotedExcerpt())"),
            kind: "regex")
    }

    /// Output that is exactly one of `options` (classification). Throws `invalid_argument` when there are none.
    ///
    /// - Parameter options: The allowed outputs.
    /// - Throws: `SwitchyardError` with code `invalid_argument` when `options` is empty.
    public static func choice(_ options: [String]) throws(SwitchyardError) -> DecodingConstraint {
        guard !options.isEmpty else {
            throw SwitchyardError(code: .invalidArgument, message: "a choice needs at least one option.")
        }
        var nfa = ByteNFA()
        var parts: [ByteNFA.Fragment] = []
        for o in options { parts.append(nfa.literal(o)) }
        let fragment = nfa.choice(parts)
        return DecodingConstraint(
            automaton: try ConstraintAutomaton(nfa, fragment, what: "the choice"), kind: "choice")
    }

    /// The automaton's start state.
    public func start() -> ConstraintState { ConstraintState(automaton: automaton, id: ConstraintAutomaton.start) }

    /// Whether `text`'s UTF-8 bytes are a complete output of this constraint.
    ///
    /// - Parameter text: A complete output.
    public func accepts(_ text: String) -> Bool {
        var s = start()
        return s.advance(bytes: Array(text.utf8)) && s.isAccepting
    }
}

/// Limits that keep a compiled JSON Schema finite and generation bounded.
public struct JSONSchemaConstraintOptions: Sendable {
    /// How many times one `$ref` may be expanded inside itself along a path; deeper, the recursive branch is
    /// not offered (an optional property or `anyOf` alternative then is not taken).
    public var maxRecursionDepth: Int
    /// Nesting depth of free-form values (`{}` or `true` schemas, objects without properties).
    public var freeFormDepth: Int
    /// Default maxLength for strings without one (nil: unbounded).
    public var maxStringLength: Int?
    /// Default maxItems for arrays without one (nil: unbounded).
    public var maxArrayItems: Int?

    /// Limits; every one has a default.
    ///
    /// - Parameters:
    ///   - maxRecursionDepth: How many times one `$ref` may be expanded inside itself along a path.
    ///   - freeFormDepth: Nesting depth of free-form values.
    ///   - maxStringLength: maxLength for strings without one (nil: unbounded).
    ///   - maxArrayItems: maxItems for arrays without one (nil: unbounded).
    public init(
        maxRecursionDepth: Int = 3, freeFormDepth: Int = 2, maxStringLength: Int? = nil,
        maxArrayItems: Int? = nil
    ) {
        self.maxRecursionDepth = maxRecursionDepth
        self.freeFormDepth = freeFormDepth
        self.maxStringLength = maxStringLength
        self.maxArrayItems = maxArrayItems
    }
}
