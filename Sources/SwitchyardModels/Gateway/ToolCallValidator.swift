import SwitchyardCore
import SwitchyardModelAPI

/// Checks a model's tool calls against the request's tools before any caller sees them: the tool must exist,
/// its arguments must be a JSON object (a provider's unparsable arguments arrive as a string), and they must
/// satisfy the tool's `parameters` schema. Problems name JSON pointers into the arguments.
public struct ToolCallValidator: Sendable {
    let schemas: [String: JSONSchema]

    /// Compiles every tool's parameters schema; throws `invalid_tool_schema` naming the tool whose schema
    /// does not compile (the request is wrong, not the model).
    /// - Parameter tools: The request's tools.
    /// - Throws: `invalid_tool_schema` naming the first tool whose schema does not compile.
    public init(tools: [ToolDefinition]) throws {
        var schemas: [String: JSONSchema] = [:]
        for tool in tools {
            do {
                schemas[tool.name] = try JSONSchema(tool.parameters)
            } catch {
                throw SwitchyardError(
                    code: .invalidToolSchema,
                    message: "the parameters schema of tool '\(tool.name)' does not compile: \(error.message); "
                        + "fix the tool definition", cause: error)
            }
        }
        self.schemas = schemas
    }

    /// One invalid call and why.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var callID: String
        public var tool: String
        /// `pointer: message` lines (or what else is wrong with the call).
        public var errors: [String]
        public var description: String { "\(tool) (call \(callID)): \(errors.joined(separator: "; "))" }
    }

    /// Every invalid call among `calls`; empty when all are valid.
    /// - Parameter calls: The tool calls of an answer.
    public func problems(in calls: [ToolCall]) -> [Problem] {
        calls.compactMap { call in
            guard let schema = schemas[call.name] else {
                let known = schemas.keys.sorted()
                return Problem(
                    callID: call.id, tool: call.name,
                    errors: [
                        "unknown tool '\(call.name)'; the tools are: "
                            + (known.isEmpty ? "(none)" : known.joined(separator: ", "))
                    ])
            }
            if case .string(let raw) = call.arguments {
                let parses = (try? JSONValue(parsing: raw)) != nil
                return Problem(
                    callID: call.id, tool: call.name,
                    errors: [
                        parses
                            ? "(root): the arguments must be a JSON object"
                            : "(root): the arguments are not valid JSON: \(raw.prefix(200))"
                    ])
            }
            let errors = schema.validate(call.arguments)
            return errors.isEmpty ? nil : Problem(callID: call.id, tool: call.name, errors: errors.map(\.description))
        }
    }

    /// The turns that send invalid calls back to the model: its own message, then one tool result per call
    /// (the errors for an invalid one; "not run" for a valid one made alongside).
    /// - Parameters:
    ///   - message: The model's message with the calls.
    ///   - problems: What ``problems(in:)`` found in its calls.
    public static func repairMessages(for message: ChatMessage, problems: [Problem]) -> [ChatMessage] {
        var turns = [message]
        for call in message.toolCalls {
            if let problem = problems.first(where: { $0.callID == call.id && $0.tool == call.name }) {
                turns.append(
                    .tool(
                        "Invalid call of '\(call.name)', not run:\n"
                            + problem.errors.map { "- \($0)" }.joined(separator: "\n")
                            + "\nCall the tool again with arguments that satisfy its parameters schema.",
                        callID: call.id))
            } else {
                turns.append(.tool("Not run: another call in this message was invalid; repeat it.", callID: call.id))
            }
        }
        return turns
    }
}
