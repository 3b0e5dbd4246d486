import SwitchyardCore

/// Folds a stream's deltas back into a whole ``ChatResponse``: text concatenated, tool-call fragments joined by
/// index (arguments parsed as JSON when complete, kept as a string otherwise), the last finish reason and usage.
public struct ChatResponseAssembler: Sendable {
    private var text = ""
    private var calls: [Int: (id: String, name: String, arguments: String)] = [:]
    /// The finish reason seen so far.
    public private(set) var finishReason: FinishReason?
    /// The usage reported so far.
    public private(set) var usage: Usage?

    public init() {}

    /// Adds one delta.
    ///
    /// - Parameter delta: The next delta of the stream.
    public mutating func add(_ delta: ChatDelta) {
        text += delta.text
        for fragment in delta.toolCalls {
            var call = calls[fragment.index] ?? ("", "", "")
            if let id = fragment.id { call.id = id }
            if let name = fragment.name { call.name += name }
            call.arguments += fragment.arguments
            calls[fragment.index] = call
        }
        if let reason = delta.finishReason { finishReason = reason }
        if let used = delta.usage { usage = used }
    }

    /// Characters of text and tool arguments received so far (for a usage estimate when a stream is cut).
    public var receivedCharacters: Int {
        text.utf8.count + calls.values.reduce(0) { $0 + $1.arguments.utf8.count }
    }

    /// The response so far; usage falls back to `estimatedPromptTokens` and ~4 characters per completion token.
    ///
    /// - Parameters:
    ///   - model: The deployment that answered.
    ///   - estimatedPromptTokens: The prompt's size, used when the stream reported no usage.
    public func response(model: String, estimatedPromptTokens: Int) -> ChatResponse {
        let toolCalls = calls.keys.sorted().map { index -> ToolCall in
            let call = calls[index]!
            let arguments = (try? JSONValue(parsing: call.arguments)) ?? .string(call.arguments)
            return ToolCall(id: call.id, name: call.name, arguments: arguments)
        }
        return ChatResponse(
            model: model, message: .assistant(text, toolCalls: toolCalls),
            finishReason: finishReason ?? (toolCalls.isEmpty ? .stop : .toolCalls),
            usage: usage
                ?? Usage(promptTokens: estimatedPromptTokens, completionTokens: max(1, receivedCharacters / 4)))
    }
}
