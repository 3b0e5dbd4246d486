import SwitchyardCore
import SwitchyardModelAPI

/// A versioned prompt with named sections (a `prompts/NAME.yaml` file or an inline `prompt:`), rendered with
/// Mustache over the run's state.
///
/// Sections become messages: `role`, `constraints` and `output_format` the system message; each of `examples`
/// a user/assistant pair (few-shot); `context` (plus `task`) the user message.
public struct PromptTemplate: Sendable, Hashable {
    public var name: String
    public var version: String
    /// SHA-256 of the source text (of the file, or of the inline mapping as written).
    public var hash: String
    public var role: String?
    public var context: String
    public var constraints: String?
    public var outputFormat: String?
    public var examples: [(input: String, output: String)]

    public static func == (a: PromptTemplate, b: PromptTemplate) -> Bool { a.hash == b.hash && a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    /// Every section's text, for the variable check.
    var sections: [String] {
        [role, context, constraints, outputFormat].compactMap { $0 } + examples.flatMap { [$0.input, $0.output] }
    }

    /// The chat messages for `variables` (the run's state, plus node-specific extras).
    /// - Parameter variables: The values the template reads.
    /// - Throws: `invalid_template` when a section does not parse.
    public func messages(_ variables: JSONValue) throws -> [ChatMessage] {
        var system: [String] = []
        if let role { system.append(try TemplateRenderer.render(role, variables)) }
        if let constraints { system.append("Constraints:\n" + (try TemplateRenderer.render(constraints, variables))) }
        if let outputFormat {
            system.append("Output format:\n" + (try TemplateRenderer.render(outputFormat, variables)))
        }
        var messages: [ChatMessage] = []
        if !system.isEmpty { messages.append(.system(system.joined(separator: "\n\n"))) }
        for example in examples {
            messages.append(.user(try TemplateRenderer.render(example.input, variables)))
            messages.append(.assistant(try TemplateRenderer.render(example.output, variables)))
        }
        messages.append(.user(try TemplateRenderer.render(context, variables)))
        return messages
    }

    /// Reads a prompt from its YAML mapping; problems are appended to `problems`.
    static func parse(
        _ cursor: YAMLCursor, name: String, text: String, problems: inout [WorkflowProblem]
    ) -> PromptTemplate? {
        guard let entries = cursor.entries else {
            problems.append(WorkflowProblem(cursor.location, "a prompt must be a mapping of sections"))
            return nil
        }
        let known: Set = [
            "name", "version", "role", "context", "constraints", "output_format", "examples", "description",
        ]
        for entry in entries where !known.contains(entry.key) {
            problems.append(
                WorkflowProblem(
                    entry.keyLocation,
                    "unknown prompt section '\(entry.key)'; use role, context, constraints, examples, output_format"))
        }
        guard let context = cursor["context"]?.string else {
            problems.append(
                WorkflowProblem(cursor.location, "prompt '\(name)' needs a 'context' section (the user turn)"))
            return nil
        }
        var examples: [(String, String)] = []
        for item in cursor["examples"]?.items ?? [] {
            guard let input = item["input"]?.string, let output = item["output"]?.string else {
                problems.append(WorkflowProblem(item.location, "an example needs 'input' and 'output' strings"))
                continue
            }
            examples.append((input, output))
        }
        return PromptTemplate(
            name: name, version: cursor["version"]?.string ?? "1", hash: Digest.sha256(text),
            role: cursor["role"]?.string, context: context, constraints: cursor["constraints"]?.string,
            outputFormat: cursor["output_format"]?.string, examples: examples)
    }
}
