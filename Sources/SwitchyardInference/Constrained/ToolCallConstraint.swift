import SwitchyardCore

/// Constrained decoding for tool calls, as an OpenAI-style gateway needs it: the model either answers in
/// free text or emits `{"name":<tool>,"arguments":<valid for that tool's schema>}`.
///
/// ```swift
/// let tools = [ToolCallConstraint.Tool(name: "get_weather", parameters: ["type": "object", …])]
/// options.constraint = try ToolCallConstraint.constraint(tools: tools, choice: .auto)
/// … generate …
/// switch ToolCallConstraint.parse(result.text) { case .text(let t): …; case .call(let name, let args): … }
/// ```
///
/// Modes (`Choice`): `.auto` — free text, or the marker (default `<tool_call>`, SmolLM2/Hermes style) followed
/// immediately by one call JSON, after which generation stops; text that merely starts like the marker is
/// forced into a call, so free text never begins with it. `.none` — free text that does not begin with the
/// marker. `.required` — one call to any tool, written without the marker. `.named(n)` — one call to tool `n`,
/// without the marker.
public enum ToolCallConstraint {
    /// A tool the model may call: its name and the JSON Schema of its arguments.
    public struct Tool: Sendable {
        public var name: String
        public var parameters: JSONValue

        /// A tool.
        ///
        /// - Parameters:
        ///   - name: The tool's name.
        ///   - parameters: The JSON Schema of its arguments.
        public init(name: String, parameters: JSONValue) {
            self.name = name
            self.parameters = parameters
        }
    }

    /// OpenAI's `tool_choice`.
    public struct Choice: Sendable, Equatable {
        enum Mode: Equatable { case auto, none, required, named(String) }
        let mode: Mode
        /// Text or a call.
        public static let auto = Choice(mode: .auto)
        /// Text only.
        public static let none = Choice(mode: .none)
        /// A call to any tool.
        public static let required = Choice(mode: .required)
        /// A call to the tool called `name`.
        ///
        /// - Parameter name: The tool's name.
        public static func named(_ name: String) -> Choice { Choice(mode: .named(name)) }
    }

    /// The default marker before a call in `.auto` mode.
    public static let defaultMarker = "<tool_call>"

    /// Compiles the constraint. Throws `invalid_argument` for no tools (except `.none`) or an unknown named
    /// tool, and the JSON Schema errors of `DecodingConstraint.jsonSchema` (naming the tool) for a schema that
    /// cannot be enforced.
    ///
    /// - Parameters:
    ///   - tools: The tools the model may call.
    ///   - choice: Whether and which tool it must call.
    ///   - marker: The text that starts a call in `.auto` mode.
    ///   - options: Limits for compiling the tools' schemas.
    /// - Throws: `SwitchyardError`: `invalid_argument`, or a schema error naming the tool.
    public static func constraint(
        tools: [Tool], choice: Choice, marker: String = defaultMarker,
        options: JSONSchemaConstraintOptions = JSONSchemaConstraintOptions()
    ) throws(SwitchyardError) -> DecodingConstraint {
        var nfa = ByteNFA()
        var templates = TemplateTable()
        let markerBytes = Array(marker.utf8)
        let fragment: ByteNFA.Fragment
        switch choice.mode {
        case .none:
            fragment = textNotStarting(with: markerBytes, &nfa)
        case .auto:
            let call = try calls(tools, &nfa, &templates, options)
            let withMarker = nfa.sequence([nfa.literal(markerBytes), call])
            fragment = nfa.choice([textNotStarting(with: markerBytes, &nfa), withMarker])
        case .required:
            fragment = try calls(tools, &nfa, &templates, options)
        case .named(let name):
            guard let tool = tools.first(where: { $0.name == name }) else {
                throw SwitchyardError(
                    code: .invalidArgument,
                    message:
                        "tool_choice names \(name.quotedExcerpt()), which is not among the tools (\(tools.map { $0.name.quotedExcerpt() }.joined(separator: ", ")))"
                )
            }
            fragment = try calls([tool], &nfa, &templates, options)
        }
        return DecodingConstraint(
            automaton: try ConstraintAutomaton(
                nfa, fragment, templates: templates.frozen, what: "the tool-call constraint"),
            kind: "tool_call")
    }

    private static func calls(
        _ tools: [Tool], _ nfa: inout ByteNFA, _ templates: inout TemplateTable,
        _ options: JSONSchemaConstraintOptions
    ) throws(SwitchyardError) -> ByteNFA.Fragment {
        guard !tools.isEmpty else {
            throw SwitchyardError(code: .invalidArgument, message: "a tool call needs at least one tool.")
        }
        var parts: [ByteNFA.Fragment] = []
        for (index, tool) in tools.enumerated() {
            do throws(SwitchyardError) {
                _ = try JSONSchema(tool.parameters)
                var compiler = JSONSchemaCompiler(root: tool.parameters, options: options)
                compiler.keyPrefix = "tool\(index):"
                swap(&compiler.nfa, &nfa)
                swap(&compiler.templates, &templates)
                defer {
                    swap(&compiler.nfa, &nfa)
                    swap(&compiler.templates, &templates)
                }
                let head = compiler.nfa.literal("{\"name\":" + JSONValue.string(tool.name).jsonText + ",\"arguments\":")
                let arguments = try compiler.compile(tool.parameters, at: "")
                parts.append(compiler.nfa.sequence([head, arguments, compiler.nfa.literal("}")]))
            } catch {
                throw SwitchyardError(
                    code: error.code, message: "tool \(tool.name.quotedExcerpt()): \(error.message)",
                    details: error.details)
            }
        }
        return nfa.choice(parts)
    }

    /// Any bytes that do not begin with `marker` (a proper prefix of it, or a first difference, then anything).
    static func textNotStarting(with marker: [UInt8], _ nfa: inout ByteNFA) -> ByteNFA.Fragment {
        guard !marker.isEmpty else { return nfa.star(nfa.byte(in: [0...255])) }
        var parts: [ByteNFA.Fragment] = []
        for i in 0..<marker.count {
            parts.append(nfa.literal(Array(marker[..<i])))
            var other: [ClosedRange<UInt8>] = []
            if marker[i] > 0 { other.append(0...(marker[i] - 1)) }
            if marker[i] < 255 { other.append((marker[i] + 1)...255) }
            let head = nfa.literal(Array(marker[..<i]))
            let differ = nfa.byte(in: other)
            let tail = nfa.star(nfa.byte(in: [0...255]))
            parts.append(nfa.sequence([head, differ, tail]))
        }
        return nfa.choice(parts)
    }

    /// What a constrained generation produced.
    public enum Output: Sendable, Equatable {
        case text(String)
        case call(name: String, arguments: JSONValue)
    }

    /// Reads a generation's text: a call (with or without the leading marker) or plain text. Text that starts
    /// like a call but does not parse (a generation cut short by max tokens) is returned as text.
    ///
    /// - Parameters:
    ///   - text: The generation's text.
    ///   - marker: The text that starts a call.
    public static func parse(_ text: String, marker: String = defaultMarker) -> Output {
        var body = Substring(text)
        if !marker.isEmpty && body.hasPrefix(marker) { body = body.dropFirst(marker.count) }
        guard body.hasPrefix("{\"name\":"), let value = try? JSONValue(parsing: String(body)),
            let name = value["name"]?.stringValue, let arguments = value["arguments"]
        else { return .text(text) }
        return .call(name: name, arguments: arguments)
    }
}
