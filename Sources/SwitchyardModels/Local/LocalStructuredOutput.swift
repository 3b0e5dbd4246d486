import Foundation
import SwitchyardModelAPI
import Synchronization
import SwitchyardCore
import SwitchyardInference

/// How the local engine answers a request with tools or a response schema: a decoding constraint (so the
/// output always parses and validates), a system-prompt section that tells the model which tools exist, and
/// how the generated text is read back (a call or text).
///
/// - `responseSchema` only: the output is compact JSON valid against it (`DecodingConstraint.jsonSchema`).
/// - tools with `tool_choice` `auto` (the default): free text, or `<tool_call>` followed by one
///   `{"name":…,"arguments":…}` whose arguments are valid for that tool; `required` and a named tool force a
///   call; `none` forbids one (then a response schema, if any, constrains the text).
/// - tools with `auto` and a response schema together: refused (`local_structured_output_unavailable`, so the
///   gateway falls back to a model that can), since the text branch would have to be schema-constrained too.
struct LocalStructuredOutput: Sendable {
    /// Whether the text is read back as a possible tool call (and so not streamed as text while generated).
    let expectsToolCall: Bool
    let constraint: DecodingConstraint?

    /// A request with neither tools nor a schema.
    static let none = LocalStructuredOutput(expectsToolCall: false, constraint: nil)

    /// The plan for `request`; compiled constraints come from `cache`. Throws the compiler's errors
    /// (`unsupported_schema_keyword`, `invalid_schema`, `invalid_argument` for an unknown named tool).
    static func plan(for request: ChatRequest, cache: ConstraintCache) throws -> LocalStructuredOutput {
        let choice = try toolChoice(request)
        if request.tools.isEmpty || choice == .none {
            guard let schema = request.responseSchema else { return .none }
            let constraint = try cache.constraint(for: "schema:" + schema.jsonText) {
                try DecodingConstraint.jsonSchema(schema)
            }
            return LocalStructuredOutput(expectsToolCall: false, constraint: constraint)
        }
        if request.responseSchema != nil && choice == .auto {
            throw SwitchyardError(
                code: .localStructuredOutputUnavailable,
                message: "the local engine cannot combine tool_choice 'auto' with a response schema; use "
                    + "tool_choice 'required', a named tool or 'none', or route the request to a remote model")
        }
        let tools = request.tools.map { ToolCallConstraint.Tool(name: $0.name, parameters: $0.parameters) }
        let key =
            "tools:\(request.toolChoice?.mode ?? "auto"):\(request.toolChoice?.name ?? ""):"
            + request.tools.map { $0.name + "=" + $0.parameters.jsonText }.joined(separator: "|")
        let constraint = try cache.constraint(for: key) {
            try ToolCallConstraint.constraint(tools: tools, choice: choice)
        }
        return LocalStructuredOutput(expectsToolCall: true, constraint: constraint)
    }

    /// OpenAI's `tool_choice` as the engine's.
    static func toolChoice(_ request: ChatRequest) throws -> ToolCallConstraint.Choice {
        guard let choice = request.toolChoice else { return .auto }
        switch choice.mode {
        case "auto": return .auto
        case "none": return .none
        case "required": return .required
        case "function", "tool":
            guard let name = choice.name, !name.isEmpty else {
                throw SwitchyardError(
                    code: .invalidArgument, message: "tool_choice 'function' needs the name of a tool")
            }
            return .named(name)
        default:
            throw SwitchyardError(
                code: .invalidArgument,
                message: "tool_choice '\(choice.mode)' is not one of auto, none, required or a named function")
        }
    }

    /// The system-prompt section that lists the tools and how to call them (Hermes / SmolLM2 style).
    static func toolPrompt(_ request: ChatRequest) -> String? {
        guard !request.tools.isEmpty, request.toolChoice?.mode != "none" else { return nil }
        let listed = request.tools.map { tool -> String in
            let entry: JSONValue = [
                "name": .string(tool.name), "description": .string(tool.description), "parameters": tool.parameters,
            ]
            return entry.jsonText
        }
        return """
            You can call tools. To call one, reply with <tool_call> followed by a JSON object \
            {"name": <tool name>, "arguments": <arguments>} and nothing else. Otherwise answer in plain text.
            <tools>
            \(listed.joined(separator: "\n"))
            </tools>
            """
    }

    /// Messages with the tool section added to the system message (or as a new one first).
    static func messages(_ request: ChatRequest) -> [ChatMessage] {
        guard let section = toolPrompt(request) else { return request.messages }
        var messages = request.messages
        if let i = messages.firstIndex(where: { $0.role == .system }) {
            messages[i].content += "\n\n" + section
        } else {
            messages.insert(.system(section), at: 0)
        }
        return messages
    }

    /// The deltas that end a generation whose text was held back: one tool call, or the text.
    static func finalDeltas(text: String, finish: SwitchyardModelAPI.FinishReason, usage: Usage) -> [ChatDelta] {
        switch ToolCallConstraint.parse(text) {
        case .call(let name, let arguments):
            let id = "call_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(24).lowercased()
            return [
                ChatDelta(toolCalls: [.init(index: 0, id: id, name: name, arguments: arguments.jsonText)]),
                ChatDelta(finishReason: finish == .length ? .length : .toolCalls, usage: usage),
            ]
        case .text(let text):
            return [ChatDelta(text: text), ChatDelta(finishReason: finish, usage: usage)]
        }
    }
}

/// Compiled constraints by request shape: an agent sends the same tools and schemas again and again, and a
/// compiled constraint keeps its automaton states and token masks, so later calls skip that work.
final class ConstraintCache: Sendable {
    private let entries = Mutex<[String: DecodingConstraint]>([:])
    private let capacity: Int

    init(capacity: Int = 64) { self.capacity = capacity }

    func constraint(for key: String, compile: () throws -> DecodingConstraint) throws -> DecodingConstraint {
        if let hit = entries.withLock({ $0[key] }) { return hit }
        let compiled = try compile()
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll() }
            entries[key] = compiled
        }
        return compiled
    }
}
