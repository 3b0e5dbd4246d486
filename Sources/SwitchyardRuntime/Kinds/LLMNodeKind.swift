import Foundation
import SwitchyardCore
import SwitchyardGraph
import SwitchyardModelAPI

/// `llm`: renders a prompt over the state, asks the model the router picks for `task`, and writes the answer
/// (text, or JSON checked against `schema`) to `output`.
public struct LLMNodeKind: WorkflowNodeKind {
    public let name = "llm"
    public init() {}

    public func check(_ node: NodeDefinition, in workflow: WorkflowDefinition) -> [WorkflowProblem] {
        var checks = FieldChecks(
            node, allowed: ["prompt", "task", "output", "schema", "max_tokens", "temperature", "next", "model"])
        checks.prompt(in: workflow, required: true)
        checks.requireString("output", "the state key the answer is written to")
        checks.optionalInt("max_tokens", min: 1)
        checks.schema("schema")
        return checks.problems
    }

    public func writes(_ node: NodeDefinition) -> Set<String> { Set([node.string("output")].compactMap { $0 }) }

    public func run(_ node: NodeDefinition, _ input: NodeInput) async throws -> NodeOutput {
        let schema = node.fields["schema"]
        let response = try await ModelCall.ask(node, input, schema: schema, defaultTask: "draft")
        let value = try ModelCall.parse(response, schema: schema, node: node.name)
        return NodeOutput(writes: [(node.string("output") ?? node.name, value)])
    }
}

/// The model call every model-using node makes: prompt → request → journaled call.
enum ModelCall {
    static func ask(
        _ node: NodeDefinition, _ input: NodeInput, schema: JSONValue?, defaultTask: String,
        extra: [String: JSONValue] = [:], callIndex: Int = 0
    ) async throws -> ChatResponse {
        guard let prompt = input.workflow.prompt(for: node) else {
            throw SwitchyardError(code: .invalidWorkflow, message: "node '\(node.name)' has no prompt")
        }
        var variables = input.variables
        if case .object(var object) = variables {
            for (key, value) in extra { object[key] = value }
            variables = .object(object)
        }
        let request = ChatRequest(
            model: node.string("model") ?? "", messages: try prompt.messages(variables), responseSchema: schema,
            temperature: node.fields["temperature"]?.numberValue ?? 0,
            maxTokens: node.int("max_tokens") ?? 256, task: node.string("task") ?? defaultTask)
        let key = "\(input.services.runID)/\(input.context.taskID)/\(callIndex)"
        return try await input.services.complete(request, node: node.name, key: key)
    }

    /// The answer as text, or as JSON valid against `schema`.
    static func parse(_ response: ChatResponse, schema: JSONValue?, node: String) throws -> JSONValue {
        let text = response.message.content
        guard let schema else { return .string(text.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            throw SwitchyardError(
                code: .modelOutputInvalid,
                message: "node '\(node)': the model's answer is not JSON: \(text.quotedExcerpt(limit: 120))")
        }
        let errors = try JSONSchema(schema).validate(value)
        guard errors.isEmpty else {
            throw SwitchyardError(
                code: .modelOutputInvalid,
                message: "node '\(node)': the model's answer does not match the schema",
                details: errors.map(\.description))
        }
        return value
    }
}
