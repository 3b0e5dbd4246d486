import SwitchyardCore

extension ChatDelta {
    /// A whole response as a stream's deltas: its text, each tool call in one fragment, then a last delta with
    /// the finish reason, usage and cache status.
    public static func replay(_ response: ChatResponse, cache: String? = nil) -> [ChatDelta] {
        var deltas: [ChatDelta] = []
        if !response.message.content.isEmpty { deltas.append(ChatDelta(text: response.message.content)) }
        if !response.message.toolCalls.isEmpty {
            deltas.append(
                ChatDelta(
                    toolCalls: response.message.toolCalls.enumerated().map { i, call in
                        ToolCallFragment(index: i, id: call.id, name: call.name, arguments: call.arguments.jsonText)
                    }))
        }
        deltas.append(
            ChatDelta(
                finishReason: response.finishReason, usage: response.usage, cache: cache, model: response.model,
                cost: response.cost))
        return deltas
    }
}
