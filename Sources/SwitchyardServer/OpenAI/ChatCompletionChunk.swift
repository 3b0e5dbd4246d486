import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels

/// Writes gateway ``ChatDelta``s as OpenAI `chat.completion.chunk` server-sent events.
enum ChatCompletionChunk {
    /// One `data: …` event for a delta (the first one also says `role: assistant`).
    static func event(_ delta: ChatDelta, id: String, model: String, created: Int, first: Bool) -> String {
        var body: [String: JSONValue] = [:]
        if first { body["role"] = "assistant" }
        if !delta.text.isEmpty { body["content"] = .string(delta.text) }
        if !delta.toolCalls.isEmpty {
            body["tool_calls"] = .array(
                delta.toolCalls.map { fragment in
                    var call: [String: JSONValue] = ["index": .int(fragment.index)]
                    if let id = fragment.id { call["id"] = .string(id) }
                    var function: [String: JSONValue] = ["arguments": .string(fragment.arguments)]
                    if let name = fragment.name {
                        function["name"] = .string(name)
                        call["type"] = "function"
                    }
                    call["function"] = .object(function)
                    return .object(call)
                })
        }
        let choice: JSONValue = [
            "index": 0, "delta": .object(body),
            "finish_reason": delta.finishReason.map { .string($0.rawValue) } ?? .null,
        ]
        return data(
            [
                "id": .string(id), "object": "chat.completion.chunk", "created": .int(created),
                "model": .string(model), "choices": [choice],
            ])
    }

    /// The closing usage chunk (OpenAI's `stream_options.include_usage`): no choices, the call's usage.
    static func usage(_ usage: Usage, id: String, model: String, created: Int) -> String {
        data(
            [
                "id": .string(id), "object": "chat.completion.chunk", "created": .int(created),
                "model": .string(model), "choices": [],
                "usage": [
                    "prompt_tokens": .int(usage.promptTokens), "completion_tokens": .int(usage.completionTokens),
                    "total_tokens": .int(usage.totalTokens),
                ],
            ])
    }

    static func data(_ json: JSONValue) -> String { "data: \(json.jsonText)\n\n" }

    static let done = "data: [DONE]\n\n"
}
